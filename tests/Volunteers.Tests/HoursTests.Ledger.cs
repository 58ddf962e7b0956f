using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Volunteers.Hours;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>What the ledger answers: totals by month and year, honour hours, its pages and its CSV export.</summary>
public sealed partial class HoursTests
{
    [Fact]
    public async Task Totals_AreByMonthAndYearInShanghai()
    {
        var (volunteer, client) = await RegisterAsync();
        // 2025-12-31 16:30 UTC is 2026-01-01 00:30 in Shanghai.
        var newYearsNight = Need(ClaimantKind.Volunteer, [new(volunteer, 1m, 1m)]) with { CompletedAt = new DateTimeOffset(2025, 12, 31, 16, 30, 0, TimeSpan.Zero) };
        var december = Activity(volunteer, 2m, new DateOnly(2025, 12, 20));
        var january = Activity(volunteer, 3.5m, new DateOnly(2026, 1, 31));
        await app.Identity.PublishAsync(newYearsNight, newYearsNight.EventId);
        await app.Identity.PublishAsync(december, december.EventId);
        await app.Identity.PublishAsync(january, january.EventId);

        await WaitForEntriesAsync(volunteer, 3);
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);

        Assert.Equal(6.5m, totals.GetProperty("hours").GetDecimal());
        var years = totals.GetProperty("years").EnumerateArray().ToDictionary(y => y.GetProperty("year").GetInt32());
        Assert.Equal(4.5m, years[2026].GetProperty("hours").GetDecimal());
        Assert.Equal(2m, years[2025].GetProperty("hours").GetDecimal());
        var jan = Assert.Single(years[2026].GetProperty("months").EnumerateArray());
        Assert.Equal(("2026-01", 4.5m), (jan.GetProperty("month").GetString(), jan.GetProperty("hours").GetDecimal()));
    }

    [Fact]
    public async Task HonourHours_ByAnAdminOfTheCommunity_AreMarked_AndCount()
    {
        var (volunteer, client) = await RegisterAsync("xintang");
        var (admin, adminClient) = await app.SignInAsAsync(Roles.CommunityAdmin, "xintang");

        var response = await adminClient.PostAsJsonAsync($"/volunteers/{volunteer}/honour-hours", new { awardedHours = 8.5m, serviceDate = "2026-08-01", reason = "防汛抢险" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(entry.GetProperty("honour").GetBoolean());
        Assert.Equal("honour", entry.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(response.Headers.Location, Ct)).StatusCode);
        var totals = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours/totals", Ct);
        Assert.Equal(8.5m, totals.GetProperty("honourHours").GetDecimal());
        Assert.Equal(8.5m, totals.GetProperty("hours").GetDecimal());
        await using var db = app.CreateDbContext();
        Assert.Equal(admin, (await db.HoursEntries.SingleAsync(e => e.VolunteerId == volunteer, Ct)).RecordedBy);
    }

    [Fact]
    public async Task HonourHours_Refused_ForTheVolunteerThemself_AnotherCommunity_OrABadBody_AndNothingIsRecorded()
    {
        var (volunteer, self) = await RegisterAsync("fushun");
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");
        var body = new { awardedHours = 2m, serviceDate = "2026-08-01", reason = "表彰" };

        var bySelf = await self.PostAsJsonAsync($"/volunteers/{volunteer}/honour-hours", body, Ct);
        var byOther = await otherAdmin.PostAsJsonAsync($"/volunteers/{volunteer}/honour-hours", body, Ct);
        var bad = await admin.PostAsJsonAsync($"/volunteers/{volunteer}/honour-hours", new { awardedHours = 1.25m, serviceDate = "2099-01-01", reason = "" }, Ct);

        await bySelf.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await byOther.AssertProblemAsync(HttpStatusCode.NotFound, "volunteer_not_found");
        var errors = (await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal("one_decimal_place", errors.GetProperty("awardedHours")[0].GetString());
        Assert.Equal("in_future", errors.GetProperty("serviceDate")[0].GetString());
        Assert.Equal("required", errors.GetProperty("reason")[0].GetString());
        Assert.Empty(await EntriesAsync(volunteer));
    }

    [Fact]
    public async Task Entries_ArePagedByCursor_AndAnUnknownCursorIs400()
    {
        var (volunteer, client) = await RegisterAsync();
        for (var day = 1; day <= 5; day++)
        {
            var confirmed = Activity(volunteer, day, new DateOnly(2026, 3, day));
            await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        }

        await WaitForEntriesAsync(volunteer, 5);
        var first = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours?limit=2", Ct);
        var second = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours?limit=2&after={first.GetProperty("next").GetString()}", Ct);
        var third = await client.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteer}/hours?limit=2&after={second.GetProperty("next").GetString()}", Ct);
        var unknown = await client.GetAsync($"/volunteers/{volunteer}/hours?after={Guid.CreateVersion7():N}", Ct);

        var ids = new[] { first, second, third }.SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())).ToList();
        Assert.Equal(5, ids.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);
        var problem = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("unknown_cursor", problem.GetProperty("errors").GetProperty("after")[0].GetString());
    }

    [Fact]
    public async Task TheCsvExport_MatchesTheLedger()
    {
        var (volunteer, client) = await RegisterAsync("wanda");
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var confirmed = Activity(volunteer, 2m, new DateOnly(2026, 5, 4));
        var need = Need(ClaimantKind.Volunteer, [new(volunteer, 1.5m, 0.5m)]);
        await app.Identity.PublishAsync(confirmed, confirmed.EventId);
        await app.Identity.PublishAsync(need, need.EventId);
        (await admin.PostAsJsonAsync($"/volunteers/{volunteer}/honour-hours", new { awardedHours = 3m, serviceDate = "2026-06-01", reason = "=年度之星, \"优秀\"" }, Ct)).EnsureSuccessStatusCode();
        await WaitForEntriesAsync(volunteer, 3);

        var response = await client.GetAsync($"/volunteers/{volunteer}/hours/export", Ct);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(HoursCsv.Header, lines[0]);
        var ledger = (await EntriesAsync(volunteer)).OrderBy(e => e.ServiceDate).ThenBy(e => e.Id).ToList();
        Assert.Equal(ledger.Count, lines.Length - 1);
        foreach (var (line, entry) in lines.Skip(1).Zip(ledger))
        {
            var cells = line.Split(',');
            Assert.Equal(entry.Id.ToString(), cells[0]);
            Assert.Equal(entry.ServiceDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), cells[1]);
            Assert.Equal(entry.Hours, decimal.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Contains("\"'=年度之星, \"\"优秀\"\"\"", text, StringComparison.Ordinal);
    }
}
