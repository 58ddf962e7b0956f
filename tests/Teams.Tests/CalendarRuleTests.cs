using System.Text;
using Alliance.Teams.Activities;
using Alliance.Teams.Calendar;
using Alliance.Teams.Teams;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>The street calendar's query rules, the feed's token, and the iCalendar it writes, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class CalendarRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Window_DefaultsToAMonthFromNow_OrAMonthBeforeTheOneEndGiven()
    {
        Assert.True(StreetCalendar.Check(null, null, null, null, null, Now, out var window).IsEmpty);
        Assert.Equal(new CalendarWindow(Now, Now.AddDays(31)), window);

        var to = Now.AddDays(60);
        Assert.True(StreetCalendar.Check(null, to, null, null, null, Now, out window).IsEmpty);
        Assert.Equal(new CalendarWindow(to.AddDays(-31), to), window);

        var from = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(8));
        Assert.True(StreetCalendar.Check(from, null, null, null, null, Now, out window).IsEmpty);
        Assert.Equal((from, from.AddDays(31), TimeSpan.Zero), (window.From, window.To, window.From.Offset));
    }

    [Fact]
    public void Window_EndingBeforeItStarts_OrLongerThan92Days_OrUnknownFilters_AreFieldErrors()
    {
        var errors = StreetCalendar.Check(Now, Now.AddHours(-1), "atlantis", "juggling", "flying", Now, out _).ToDictionary();

        Assert.Equal(["not_after_from"], errors["to"]);
        Assert.Equal(["unknown_community"], errors["communityId"]);
        Assert.Equal(["unknown_kind"], errors["kindId"]);
        Assert.Equal(["unknown_kind"], errors["skill"]);
        Assert.Equal(["range_too_long"], StreetCalendar.Check(Now, Now.AddDays(92).AddSeconds(1), null, null, null, Now, out _).ToDictionary()["to"]);
        Assert.True(StreetCalendar.Check(Now, Now.AddDays(92), "wanda", "home_repair", "home_repair", Now, out _).IsEmpty);
    }

    [Fact]
    public void FeedToken_Has256RandomBits_IsKeptAsAHashOnly_AndRotatingChangesIt()
    {
        var (feed, token) = CalendarFeed.Issue(Guid.CreateVersion7(), Now);
        var hash = feed.TokenHash;

        Assert.Equal(43, token.Length);
        Assert.Equal(hash, CalendarFeed.HashOf(token));
        Assert.DoesNotContain(token, Encoding.ASCII.GetString(hash), StringComparison.Ordinal);
        var rotated = feed.Rotate(Now.AddMinutes(1));
        Assert.NotEqual(token, rotated);
        Assert.NotEqual(hash, feed.TokenHash);
        Assert.Equal(feed.TokenHash, CalendarFeed.HashOf(rotated));
        Assert.Equal(Now.AddMinutes(1), feed.IssuedAt);
        Assert.Null(CalendarFeed.HashOf("not-a-token"));
        Assert.Null(CalendarFeed.HashOf(token + "A"));
        Assert.Equal($"/teams/calendar/{rotated}.ics", CalendarFeed.PathOf(rotated));
    }

    [Fact]
    public void Feed_IsRfc5545_InUtc_WithEscapedText_CrlfLines_FoldedAt75Octets()
    {
        var team = Team.Create(Guid.CreateVersion7(), "暖心橙志愿队", "wanda", TeamTheme.WarmOrange, Now);
        var start = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8));
        var title = "义诊, 量血压; 测血糖\\带上医保卡\n" + new string('长', 40);
        var activity = Activity.Publish(team.Id, team.LeaderId, team.LeaderId, title, "home_repair", "万达社区服务中心, 二楼", "wanda",
            start, start.AddHours(2), 5, [], streetWide: true, Now);
        var signUp = SignUp.For(activity.Id, Guid.CreateVersion7(), Now);
        activity.Admit(signUp, Now);

        var ics = SignUpsCalendar.Write([(signUp, activity, team)]);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.EndsWith("END:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var physical = ics.Split("\r\n");
        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        // Unfolded (RFC 5545 3.1): a CRLF followed by one space or tab joins two physical lines.
        var lines = ics.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        Assert.Contains("BEGIN:VEVENT", lines);
        Assert.Contains($"UID:{activity.Id}@teams.alliance", lines);
        Assert.Contains("DTSTART:20261201T013000Z", lines);
        Assert.Contains("DTEND:20261201T033000Z", lines);
        Assert.Contains("DTSTAMP:20261126T010000Z", lines);
        Assert.Contains("SUMMARY:义诊\\, 量血压\\; 测血糖\\\\带上医保卡\\n" + new string('长', 40), lines);
        Assert.Contains("LOCATION:万达社区服务中心\\, 二楼", lines);
        Assert.Contains("STATUS:CONFIRMED", lines);
    }
}
