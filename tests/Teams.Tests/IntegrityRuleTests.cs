using System.Globalization;
using Alliance.ServiceDefaults.Problems;
using Alliance.Teams.Activities;
using Alliance.Teams.Members;
using Alliance.Teams.Standing;
using Alliance.Teams.Teams;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>Issue 20's rules in the domain types, without a database: hours come only from real time that someone else vouches for.</summary>
[Trait("Category", "Unit")]
public sealed class IntegrityRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    [Fact]
    public void Check_RefusesAStartInThePast_AndALengthOverADay_ButTakesExactlyADay()
    {
        var past = Check(Now.AddMonths(-3), Now.AddSeconds(5));
        var tooLong = Check(Now.AddDays(1), Now.AddDays(1).AddHours(24).AddMinutes(1));
        var day = Check(Now.AddDays(1), Now.AddDays(2));

        Assert.Equal(["in_past"], past["startsAt"]);
        Assert.Equal(["too_long"], tooLong["endsAt"]);
        Assert.Empty(day);
    }

    [Fact]
    public void Edit_OfAStartedActivity_IsRefusedForItsState_BeforeAnyField()
    {
        var activity = NewActivity();

        var change = activity.Edit(null, null, null, activity.StartsAt.AddHours(-5), activity.StartsAt.AddDays(3), null, null, activity.StartsAt.AddMinutes(1), out var errors);

        Assert.Equal(ActivityChange.Started, change);
        Assert.True(errors.IsEmpty);
        Assert.Equal(ActivityChange.Invalid, activity.Edit(null, null, null, null, activity.StartsAt.AddHours(25), null, null, Now, out var tooLong));
        Assert.Equal(["too_long"], tooLong.ToDictionary()["endsAt"]);
    }

    [Fact]
    public void ConfirmHours_WithTheCallersOwnLine_RefusesTheWholeRequest_AndConfirmsNoOne()
    {
        var activity = NewActivity();
        var (leader, other) = (SignedUp(activity), SignedUp(activity));

        var refusal = activity.ConfirmHours(
            leader.VolunteerId, [new(other.VolunteerId, 1m, false), new(leader.VolunteerId, 1m, false)], Index(leader, other), activity.EndsAt.AddHours(1), Window);

        Assert.Equal((422, "cannot_confirm_own_hours"), (refusal!.Status, refusal.Code));
        Assert.False(leader.HoursConfirmed || other.HoursConfirmed);
        Assert.Null(activity.ConfirmHours(leader.VolunteerId, [new(other.VolunteerId, 1m, false)], Index(other), activity.EndsAt.AddHours(1), Window));
        Assert.Equal(1m, other.Hours);
    }

    [Fact]
    public void ConfirmHours_IsOpenFromTheEnd_ForTheWindow_AndNeverForACancelledActivity()
    {
        var activity = NewActivity();
        var attendee = SignedUp(activity);
        HoursLine[] line = [new(attendee.VolunteerId, 1m, false)];
        var by = Guid.CreateVersion7();

        Assert.Equal("activity_not_ended", activity.ConfirmHours(by, line, Index(attendee), activity.EndsAt.AddMinutes(-1), Window)!.Code);
        var closed = activity.ConfirmHours(by, line, Index(attendee), activity.EndsAt.AddDays(14).AddMinutes(1), Window)!;
        Assert.Equal((409, "confirmation_window_closed"), (closed.Status, closed.Code));
        Assert.Contains("honour-hours", closed.Detail?.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Null(activity.ConfirmHours(by, line, Index(attendee), activity.EndsAt.AddDays(13), Window));

        var cancelled = NewActivity();
        cancelled.Cancel(by, "暴雨", [], Now, out _);
        Assert.Equal("activity_cancelled", cancelled.CheckConfirmable(cancelled.EndsAt.AddHours(1), Window)!.Code);
    }

    [Fact]
    public void MaxHours_IsTheShorterOfTheLength_AndTheAttendeesCheckInToCheckOut()
    {
        var activity = NewActivity(hours: 2);
        var checkedInOnly = SignedUp(activity);
        var halfAnHour = SignedUp(activity);
        var wholeDay = SignedUp(activity);
        checkedInOnly.CheckIn(activity.StartsAt);
        halfAnHour.CheckIn(activity.StartsAt);
        halfAnHour.CheckOut(activity.StartsAt.AddMinutes(30));
        wholeDay.CheckIn(activity.StartsAt.AddHours(-3));
        wholeDay.CheckOut(activity.EndsAt.AddHours(3));

        Assert.Equal((2m, 0.5m, 2m), (activity.MaxHoursFor(checkedInOnly), activity.MaxHoursFor(halfAnHour), activity.MaxHoursFor(wholeDay)));
        var beyond = activity.ConfirmHours(Guid.CreateVersion7(), [new(halfAnHour.VolunteerId, 0.6m, false)], Index(halfAnHour), activity.EndsAt.AddHours(1), Window);
        Assert.Equal((422, "hours_beyond_activity"), (beyond!.Status, beyond.Code));
        Assert.Null(activity.ConfirmHours(Guid.CreateVersion7(), [new(halfAnHour.VolunteerId, 0.5m, false)], Index(halfAnHour), activity.EndsAt.AddHours(1), Window));
    }

    [Fact]
    public void CheckCorrection_RefusesOnesOwnHours_AndHoursBeyondTheTime()
    {
        var activity = NewActivity(hours: 1);
        var attendee = SignedUp(activity);

        Assert.Equal("cannot_confirm_own_hours", activity.CheckCorrection(attendee.VolunteerId, attendee, 0.5m)!.Code);
        Assert.Equal("hours_beyond_activity", activity.CheckCorrection(Guid.CreateVersion7(), attendee, 1.5m)!.Code);
        Assert.Null(activity.CheckCorrection(Guid.CreateVersion7(), attendee, 1m));
    }

    [Fact]
    public void ActivityCommunity_IsTheTeamsOwn_OrAnyForAStreetWideTeam()
    {
        var team = Team.Create(Guid.CreateVersion7(), "五老红", "quanyun", TeamTheme.Elders, Now);
        var street = Team.Create(Guid.CreateVersion7(), "绚丽彩", null, TeamTheme.Colourful, Now);
        var (other, own, anywhere, none) = (new FieldErrors(), new FieldErrors(), new FieldErrors(), new FieldErrors());

        team.CheckActivityCommunity("wanda", other);
        team.CheckActivityCommunity("quanyun", own);
        street.CheckActivityCommunity("xintang", anywhere);
        street.CheckActivityCommunity(null, none);

        Assert.Equal(["not_team_community"], other.ToDictionary()["communityId"]);
        Assert.True(own.IsEmpty && anywhere.IsEmpty);
        Assert.Equal(["required"], none.ToDictionary()["communityId"]);
    }

    [Fact]
    public void NewTeam_WaitsForApproval_WhichHappensOnce()
    {
        var team = Team.Create(Guid.CreateVersion7(), "邻里帮帮团", "jingxing", TeamTheme.Other, Now);
        var (admin, later) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        Assert.Equal(TeamStatus.Unapproved, team.Status);
        Assert.True(team.Approve(admin, Now));
        Assert.False(team.Approve(later, Now.AddHours(1)));
        Assert.Equal((TeamStatus.Approved, admin, Now), (team.Status, team.ApprovedBy, team.ApprovedAt));
    }

    [Fact]
    public void Successor_IsTheLongestServingDeputy_AndNoOneWithoutDeputies()
    {
        var team = Team.Create(Guid.CreateVersion7(), "惠管家", "daguanmingyuan", TeamTheme.Colourful, Now);
        Assert.Null(team.Successor());
        var newer = new TeamMember(team.Id, Guid.CreateVersion7(), MemberRole.Deputy, Now.AddDays(2));
        var older = new TeamMember(team.Id, Guid.CreateVersion7(), MemberRole.Deputy, Now.AddDays(1));
        var member = new TeamMember(team.Id, Guid.CreateVersion7(), MemberRole.Member, Now);
        team.Members.AddRange([newer, member, older]);

        Assert.Same(older, team.Successor());
    }

    [Fact]
    public void Standing_FollowsTheLaterEvent_AndAnErasureIsFinal()
    {
        var standing = VolunteerStanding.Of(Guid.CreateVersion7(), StandingState.Suspended, Now);

        Assert.False(standing.Change(StandingState.Reinstated, Now.AddMinutes(-1)));
        Assert.True(standing.IsBarred);
        Assert.True(standing.Change(StandingState.Reinstated, Now.AddMinutes(1)));
        Assert.False(standing.IsBarred);
        Assert.True(standing.Change(StandingState.Erased, Now));
        Assert.False(standing.Change(StandingState.Reinstated, Now.AddDays(1)));
        Assert.True(standing.IsBarred);
    }

    private static IDictionary<string, string[]> Check(DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        Activity.Check("义诊", "home_repair", "万达社区服务中心", "wanda", startsAt, endsAt, 5, [], Now).ToDictionary();

    private static Activity NewActivity(double hours = 1)
    {
        var start = Now.AddDays(1);
        return Activity.Publish(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "义诊", "home_repair", "万达社区服务中心", "wanda",
            start, start.AddHours(hours), 10, [], streetWide: true, Now);
    }

    private static SignUp SignedUp(Activity activity)
    {
        var signUp = SignUp.For(activity.Id, Guid.CreateVersion7(), Now);
        activity.Admit(signUp, Now);
        return signUp;
    }

    private static Dictionary<Guid, SignUp> Index(params SignUp[] signUps) => signUps.ToDictionary(s => s.VolunteerId);
}
