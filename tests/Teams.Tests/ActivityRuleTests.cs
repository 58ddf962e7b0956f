using Alliance.Teams.Activities;
using Alliance.Teams.Teams;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>The rules of activities and teams, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class ActivityRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Admit_GivesPlacesUntilTheCapacity_ThenTheWaitlist_InOrder()
    {
        var activity = NewActivity(capacity: 2);
        var signUps = Enumerable.Range(0, 4).Select(_ => SignUp.For(activity.Id, Guid.CreateVersion7(), Now)).ToList();

        signUps.ForEach(s => activity.Admit(s, Now));

        Assert.Equal([SignUpStatus.Confirmed, SignUpStatus.Confirmed, SignUpStatus.Waitlisted, SignUpStatus.Waitlisted], signUps.Select(s => s.Status));
        Assert.Equal([1, 2, 3, 4], signUps.Select(s => s.Position));
        Assert.Equal(2, activity.ConfirmedCount);
    }

    [Fact]
    public void Release_OfAPlace_PromotesTheFirstWaiting_AndKeepsTheCount()
    {
        var activity = NewActivity(capacity: 1);
        var (first, second) = (SignUp.For(activity.Id, Guid.CreateVersion7(), Now), SignUp.For(activity.Id, Guid.CreateVersion7(), Now));
        activity.Admit(first, Now);
        activity.Admit(second, Now);

        Assert.True(first.Cancel());
        activity.Release(second, Now);

        Assert.Equal(SignUpStatus.Confirmed, second.Status);
        Assert.Equal(1, activity.ConfirmedCount);
    }

    [Fact]
    public void Cancel_OfAWaitlistPlace_FreesNoPlace()
    {
        var activity = NewActivity(capacity: 1);
        var (first, second) = (SignUp.For(activity.Id, Guid.CreateVersion7(), Now), SignUp.For(activity.Id, Guid.CreateVersion7(), Now));
        activity.Admit(first, Now);
        activity.Admit(second, Now);

        Assert.False(second.Cancel());
        Assert.Equal(SignUpStatus.Cancelled, second.Status);
    }

    [Fact]
    public void Dispute_IsOpenOnlyWithinTheWindow_AndOnlyOnce()
    {
        var late = SignUp.For(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
        var onTime = SignUp.For(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
        var unconfirmed = SignUp.For(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
        late.ConfirmHours(1m, false, Now);
        onTime.ConfirmHours(1m, false, Now);

        Assert.Equal(DisputeResult.WindowClosed, late.Dispute("太少了", TimeSpan.FromDays(7), Now.AddDays(8)));
        Assert.Equal(DisputeResult.Opened, onTime.Dispute("太少了", TimeSpan.FromDays(7), Now.AddDays(6)));
        Assert.Equal(DisputeResult.AlreadyDisputed, onTime.Dispute("还是太少", TimeSpan.FromDays(7), Now.AddDays(6)));
        Assert.Equal(DisputeResult.NothingToDispute, unconfirmed.Dispute("太少了", TimeSpan.FromDays(7), Now));
    }

    [Fact]
    public void Answer_GivesTheDifference_OnceAndOnlyForAnOpenDispute()
    {
        var signUp = SignUp.For(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
        signUp.ConfirmHours(1.5m, false, Now);

        Assert.Null(signUp.Answer(2m, Now));
        signUp.Dispute("我做了两个小时", TimeSpan.FromDays(7), Now);
        Assert.Equal(0.5m, signUp.Answer(2m, Now));
        Assert.Null(signUp.Answer(1m, Now));
        Assert.Equal(2m, signUp.Hours);
    }

    [Fact]
    public void Date_IsTheDayInShanghai_AndLengthIsInHours()
    {
        // 17:00 UTC is 01:00 the next day in Shanghai.
        var activity = NewActivity(capacity: 1, startsAt: new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero), hours: 2.5);

        Assert.Equal(new DateOnly(2026, 11, 27), activity.Date);
        Assert.Equal(2.5m, activity.LengthHours);
    }

    [Fact]
    public void Team_IsStreetWideWithoutACommunity_AndItsLeaderIsItsFirstMember()
    {
        var leader = Guid.CreateVersion7();
        var team = Team.Create(leader, "巧娘工作室", null, TeamTheme.Craft, Now);

        Assert.True(team.StreetWide);
        Assert.True(team.IsManagedBy(leader));
        Assert.Equal(leader, Assert.Single(team.Members).VolunteerId);
        Assert.False(Team.Check("巧娘工作室", "wanda", streetWide: true).IsEmpty);
        Assert.False(Team.Check("巧娘工作室", null, streetWide: false).IsEmpty);
    }

    [Fact]
    public void Edit_RefusesACapacityBelowThePlacesTaken_AStartedActivity_AndACancelledOne()
    {
        var activity = NewActivity(capacity: 3);
        Enumerable.Range(0, 2).ToList().ForEach(_ => activity.Admit(SignUp.For(activity.Id, Guid.CreateVersion7(), Now), Now));

        Assert.Equal(ActivityChange.CapacityBelowConfirmed, activity.Edit(null, null, null, null, null, 1, null, Now, out _));
        Assert.Equal(ActivityChange.Invalid, activity.Edit(null, null, null, Now.AddHours(-1), null, null, null, Now, out var errors));
        Assert.False(errors.IsEmpty);
        Assert.Equal(ActivityChange.Started, activity.Edit("晚了", null, null, null, null, null, null, activity.StartsAt, out _));
        Assert.Equal(ActivityChange.Done, activity.Edit(" 重阳义诊 ", null, null, null, null, 2, null, Now, out _));
        Assert.Equal(("重阳义诊", 2), (activity.Title, activity.Capacity));
        Assert.Equal(ActivityChange.Done, activity.Cancel(Guid.CreateVersion7(), "暴雨", [], Now, out _));
        Assert.Equal(ActivityChange.Cancelled, activity.Edit("复活", null, null, null, null, null, null, Now, out _));
    }

    [Fact]
    public void FillPlaces_PromotesTheLowestWaitingPositions_UpToTheNewCapacity()
    {
        var activity = NewActivity(capacity: 1);
        var signUps = Enumerable.Range(0, 5).Select(_ => SignUp.For(activity.Id, Guid.CreateVersion7(), Now)).ToList();
        signUps.ForEach(s => activity.Admit(s, Now));
        signUps[2].Cancel();

        activity.Edit(null, null, null, null, null, 3, null, Now, out _);
        var promoted = activity.FillPlaces(signUps.AsEnumerable().Reverse(), Now);

        Assert.Equal([signUps[1], signUps[3]], promoted);
        Assert.Equal(3, activity.ConfirmedCount);
        Assert.Equal(SignUpStatus.Waitlisted, signUps[4].Status);
        Assert.Empty(activity.FillPlaces(signUps, Now));
    }

    [Fact]
    public void Cancel_EndsEveryActiveSignUp_OnlyBeforeTheStart()
    {
        var activity = NewActivity(capacity: 1);
        var (placed, waiting) = (SignUp.For(activity.Id, Guid.CreateVersion7(), Now), SignUp.For(activity.Id, Guid.CreateVersion7(), Now));
        activity.Admit(placed, Now);
        activity.Admit(waiting, Now);

        Assert.Equal(ActivityChange.Started, activity.Cancel(Guid.CreateVersion7(), "人太少", [placed, waiting], activity.StartsAt, out _));
        Assert.Equal(ActivityChange.Done, activity.Cancel(Guid.CreateVersion7(), "人太少", [placed, waiting], Now, out var ended));

        Assert.Equal([placed.VolunteerId, waiting.VolunteerId], ended);
        Assert.All([placed, waiting], s => Assert.Equal(SignUpStatus.Cancelled, s.Status));
        Assert.True(activity.IsCancelled);
        Assert.Equal(0, activity.ConfirmedCount);
    }

    [Fact]
    public void HandOver_MakesTheMemberLeader_AndTheLeaderADeputy_WhoMayNoLongerRemoveDeputies()
    {
        var leader = Guid.CreateVersion7();
        var team = Team.Create(leader, "惠管家", "wanda", TeamTheme.Colourful, Now);
        var successor = new Members.TeamMember(team.Id, Guid.CreateVersion7(), Members.MemberRole.Member, Now);
        var member = new Members.TeamMember(team.Id, Guid.CreateVersion7(), Members.MemberRole.Member, Now);
        team.Members.AddRange([successor, member]);

        Assert.Equal(HandoverResult.AlreadyLeader, team.HandOver(team.Members[0], team.Members[0]));
        Assert.Equal(HandoverResult.HandedOver, team.HandOver(team.Members[0], successor));

        Assert.Equal((successor.VolunteerId, Members.MemberRole.Leader, Members.MemberRole.Deputy), (team.LeaderId, successor.Role, team.Members[0].Role));
        Assert.Equal(RemovalResult.LeaderCannotBeRemoved, team.CheckRemoval(leader, successor));
        Assert.Equal(RemovalResult.Allowed, team.CheckRemoval(leader, member));
        Assert.Equal(RemovalResult.NotAllowed, team.CheckRemoval(leader, team.Members[0]));
        Assert.Equal(RemovalResult.NotAllowed, team.CheckRemoval(member.VolunteerId, team.Members[0]));
        Assert.Equal(RemovalResult.Allowed, team.CheckRemoval(successor.VolunteerId, team.Members[0]));
    }

    private static Activity NewActivity(int capacity, DateTimeOffset? startsAt = null, double hours = 2)
    {
        var start = startsAt ?? Now.AddDays(1);
        return Activity.Publish(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "义诊", "home_repair", "万达社区服务中心", "wanda",
            start, start.AddHours(hours), capacity, [], streetWide: true, Now);
    }
}
