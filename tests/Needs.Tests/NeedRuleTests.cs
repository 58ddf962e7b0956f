using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Xunit;
using static Alliance.Needs.Tests.Needs;

namespace Alliance.Needs.Tests;

/// <summary>Every transition of a need's life, legal and illegal, as rules of the domain type (no database).</summary>
[Trait("Category", "Unit")]
public sealed class NeedRuleTests
{
    private static readonly Dictionary<string, (Func<Need, NeedRefusal?> Act, NeedStatus[] From, NeedStatus To, string Refusal)> Transitions = new()
    {
        ["claim"] = (n => n.ClaimForVolunteer(Guid.CreateVersion7(), Now), [NeedStatus.Open], NeedStatus.Claimed, "need_already_claimed"),
        ["accept"] = (n => n.Accept(Resident(n), Now), [NeedStatus.Claimed], NeedStatus.Accepted, "need_not_claimed"),
        ["decline"] = (n => n.Decline(Now), [NeedStatus.Claimed], NeedStatus.Open, "need_not_claimed"),
        ["release"] = (n => n.Release("临时有事", Now), [NeedStatus.Claimed, NeedStatus.Accepted], NeedStatus.Open, "need_not_releasable"),
        ["start timeout"] = (n => n.TimeOutStart(Now), [NeedStatus.Accepted], NeedStatus.Open, "need_not_accepted"),
        ["start"] = (n => n.Start(Now), [NeedStatus.Accepted], NeedStatus.InProgress, "need_not_accepted"),
        ["complete"] = (n => n.Complete([new HelperHours(Volunteer, 1.5m, 0.5m)], "好了", Allowance, Later), [NeedStatus.InProgress], NeedStatus.Completed, "need_not_in_progress"),
        ["confirm"] = (n => n.Confirm(NeedConfirmer.Resident, Resident(n), 4, null, Later), [NeedStatus.Completed], NeedStatus.Confirmed, "need_not_completed"),
        ["confirm by timer"] = (n => n.ConfirmByTimer(Now), [NeedStatus.Completed], NeedStatus.Confirmed, "need_not_completed"),
        ["dispute"] = (n => n.Dispute(n.RequesterId, "没来", Now), [NeedStatus.Completed], NeedStatus.Disputed, "need_not_completed"),
        ["resolve to confirmed"] = (n => n.ResolveDispute(true, null, "核实", Someone(), Allowance, Later), [NeedStatus.Disputed], NeedStatus.Confirmed, "need_not_disputed"),
        ["resolve to cancelled"] = (n => n.ResolveDispute(false, null, "核实", Someone(), Allowance, Later), [NeedStatus.Disputed], NeedStatus.Cancelled, "need_not_disputed"),
        ["cancel"] = (n => n.Cancel(n.RequesterId, Now), [NeedStatus.Open, NeedStatus.Claimed, NeedStatus.Accepted, NeedStatus.InProgress], NeedStatus.Cancelled, "need_not_cancellable"),
        ["expire"] = (n => n.Expire(Now), [NeedStatus.Open], NeedStatus.Expired, "need_not_open"),
    };

    public static TheoryData<string, string> EveryTransitionFromEveryState()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Transitions.Keys)
        {
            foreach (var status in Enum.GetValues<NeedStatus>())
            {
                data.Add(name, status.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTransitionFromEveryState))]
    public void ATransition_HappensFromItsStatesOnly_AndOtherwiseIs409AndChangesNothing(string transition, string fromState)
    {
        var from = Enum.Parse<NeedStatus>(fromState);
        var (act, legalFrom, to, code) = Transitions[transition];
        var need = In(from);
        var before = Snapshot(need);

        var refusal = act(need);

        if (legalFrom.Contains(from))
        {
            Assert.Null(refusal);
            Assert.Equal(to, need.Status);
        }
        else
        {
            Assert.NotNull(refusal);
            Assert.Equal((409, code), (refusal.Status, refusal.Code));
            Assert.Equal(before, Snapshot(need));
        }
    }

    [Fact]
    public void ClaimingOnesOwnNeed_Is422_AndLeavesItOpen()
    {
        var need = Open();

        var refusal = need.ClaimForVolunteer(need.RequesterId, Now);

        Assert.Equal((422, "cannot_claim_own_need"), (refusal!.Status, refusal.Code));
        Assert.Equal(NeedStatus.Open, need.Status);
    }

    [Fact]
    public void DecliningOrReleasing_ForgetsTheClaimant_SoAnotherMayClaim()
    {
        var declined = In(NeedStatus.Claimed);
        var released = In(NeedStatus.Accepted);

        Assert.Null(declined.Decline(Now));
        Assert.Null(released.Release("生病了", Now));

        Assert.All(new[] { declined, released }, n => Assert.Equal((NeedStatus.Open, null, null, null), (n.Status, n.ClaimantId, n.ClaimedAt, n.AcceptedAt)));
        Assert.Null(declined.ClaimForVolunteer(Guid.CreateVersion7(), Now));
    }

    [Fact]
    public void AClaim_OutlivesItsRelease_AndOtherwiseTakesItsNeedsState()
    {
        var need = In(NeedStatus.Accepted);
        var claim = need.CurrentClaim!;
        Assert.Equal((ClaimState.Accepted, Now, Volunteer), (NeedClaim.StateOf(claim.Outcome, need.Status), claim.AcceptedAt, claim.ClaimedById));

        Assert.Null(need.Release("生病了", Later));

        Assert.Null(need.CurrentClaim);
        Assert.Equal((ClaimState.Released, Later), (NeedClaim.StateOf(claim.Outcome, need.Status), claim.EndedAt));
        var cancelled = In(NeedStatus.Claimed);
        Assert.Null(cancelled.Cancel(cancelled.RequesterId, Later));
        Assert.Equal(ClaimState.Cancelled, NeedClaim.StateOf(cancelled.CurrentClaim!.Outcome, cancelled.Status));
    }

    [Fact]
    public void ATeamsClaim_NeedsAssignedMembersToStart_AndOnlyThemAsHelpers()
    {
        var team = Guid.CreateVersion7();
        var leader = Guid.CreateVersion7();
        var (a, b, outsider) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = Open(helpers: 2);
        Assert.Null(need.ClaimForTeam(team, leader, Now));
        Assert.Equal((ClaimantKind.Team, team, leader, team), (need.ClaimantKind, need.ClaimantId, need.ClaimedById, need.TeamId));
        Assert.Null(need.Accept(Resident(need), Now));

        Assert.Equal("no_helpers_assigned", need.Start(Now)?.Code);
        Assert.Equal((422, "more_helpers_than_needed"), (need.AssignHelpers([a, b, outsider])!.Status, need.AssignHelpers([a, b, outsider])!.Code));
        Assert.Null(need.AssignHelpers([a, b]));
        Assert.Null(need.Start(Now));
        Assert.Equal("helpers_fixed", need.AssignHelpers([a])?.Code);
        Assert.Equal((422, "helper_not_assigned"), Codes(need.Complete([new HelperHours(a, 2m, 0m), new HelperHours(outsider, 2m, 0m)], null, Allowance, Later)));
        Assert.Equal(NeedStatus.InProgress, need.Status);
        Assert.Null(need.Complete([new HelperHours(a, 2m, 1m), new HelperHours(b, 1.5m, 0m)], "两人一起", Allowance, Later));
        Assert.Equal([a, b], need.Helpers.Select(h => h.VolunteerId));
    }

    [Fact]
    public void TheTeamsLeader_TakesOnlyTheTeamsLiveClaims_AndOnlyOnce()
    {
        var (team, otherTeam, leader, successor) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var live = Open();
        live.ClaimForTeam(team, leader, Now);
        var volunteers = Open();
        volunteers.ClaimForVolunteer(leader, Now);
        var another = Open();
        another.ClaimForTeam(otherTeam, leader, Now);
        var done = Open();
        done.ClaimForTeam(team, leader, Now);
        done.Cancel(done.RequesterId, Now);

        Assert.True(live.FollowTeamLeader(team, successor));
        Assert.False(live.FollowTeamLeader(team, successor));
        Assert.False(volunteers.FollowTeamLeader(team, successor));
        Assert.False(another.FollowTeamLeader(team, successor));
        Assert.False(done.FollowTeamLeader(team, successor));
        Assert.Equal((successor, leader, leader, leader), (live.ClaimedById, volunteers.ClaimedById, another.ClaimedById, done.ClaimedById));
    }

    [Fact]
    public void AMerchantsClaim_IsCompletedWithoutHelpers_AndRefusesAnyHelper()
    {
        var (merchant, staff, someone) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = Open();
        Assert.Null(need.ClaimForMerchant(merchant, staff, Now));
        Assert.Equal((ClaimantKind.Merchant, merchant, staff, (Guid?)null), (need.ClaimantKind, need.ClaimantId, need.ClaimedById, need.TeamId));
        Assert.Null(need.Accept(Resident(need), Now));
        Assert.Null(need.Start(Now));

        Assert.Equal((422, "helper_not_assigned"), Codes(need.Complete([new HelperHours(staff, 1m, 0m)], null, Allowance, Later)));
        Assert.Equal((422, "helper_not_assigned"), Codes(need.Complete([new HelperHours(someone, 1m, 0m)], null, Allowance, Later)));
        Assert.Null(need.Complete([], "裤脚已改好", Allowance, Later));
        Assert.Empty(need.Helpers);
    }

    [Fact]
    public void AVolunteersCompletion_NamesTheirHours()
    {
        var need = Open();
        need.ClaimForVolunteer(Volunteer, Now);
        need.Accept(Resident(need), Now);
        need.Start(Now);

        Assert.Equal((422, "helpers_required"), Codes(need.Complete([], null, Allowance, Later)));
        Assert.Equal(NeedStatus.InProgress, need.Status);
    }

    [Fact]
    public void AVolunteersClaim_HasNoMembersToAssign_AndTheVolunteerIsTheOnlyHelper()
    {
        var need = In(NeedStatus.InProgress);

        Assert.Equal("not_a_team_claim", need.AssignHelpers([Guid.CreateVersion7()])?.Code);
        Assert.Equal("helper_not_assigned", need.Complete([new HelperHours(Guid.CreateVersion7(), 1m, 0m)], null, Allowance, Later)?.Code);
        Assert.Null(need.Complete([new HelperHours(Volunteer, 1m, 0m)], null, Allowance, Later));
    }

    [Fact]
    public void AnAdminsResolution_MayConfirmWithOtherHours_ButOnlyTheClaimsHelpers()
    {
        var need = In(NeedStatus.Disputed);

        Assert.Equal("helper_not_assigned", need.ResolveDispute(true, [new HelperHours(Guid.CreateVersion7(), 1m, 0m)], null, Someone(), Allowance, Later)?.Code);
        Assert.Null(need.ResolveDispute(true, [new HelperHours(Volunteer, 1m, 0m)], "只算一小时", Someone(), Allowance, Later));

        Assert.Equal((NeedStatus.Confirmed, NeedConfirmer.Admin, null), (need.Status, need.ConfirmedBy, need.Rating));
        Assert.Equal(1m, Assert.Single(need.Helpers).Hours);
    }

    [Fact]
    public void TheTimersConfirmation_HasNoRatingAndNoConfirmer()
    {
        var need = In(NeedStatus.Completed);

        Assert.Null(need.ConfirmByTimer(Now));

        Assert.Equal((NeedConfirmer.Timer, null, null), (need.ConfirmedBy, need.ConfirmedById, need.Rating));
    }

    [Fact]
    public void AClaimIsEscalated_OnceAndOnlyWhileClaimed()
    {
        var need = In(NeedStatus.Claimed);

        Assert.True(need.Escalate(Now));
        Assert.False(need.Escalate(Now));
        Assert.False(In(NeedStatus.Accepted).Escalate(Now));
    }

    [Fact]
    public void TheClaimantsSide_SeesTheAddressFromAcceptanceOn_AndNotAfterTheNeedGoesBack()
    {
        var need = In(NeedStatus.Claimed);
        Assert.False(need.IsClaimantSideFromAcceptance(Volunteer));

        need.Accept(Resident(need), Now);
        Assert.True(need.IsClaimantSideFromAcceptance(Volunteer));
        Assert.False(need.IsClaimantSideFromAcceptance(Guid.CreateVersion7()));

        need.Release(null, Now);
        Assert.False(need.IsClaimantSideFromAcceptance(Volunteer));
    }

    private static (int, string) Codes(NeedRefusal? refusal) => (refusal!.Status, refusal.Code);

    private static (NeedStatus, Guid?, DateTimeOffset?, DateTimeOffset?, int, int?) Snapshot(Need n) =>
        (n.Status, n.ClaimantId, n.AcceptedAt, n.ConfirmedAt, n.Helpers.Count, n.Rating);
}
