using System.Globalization;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.Needs.Lifecycle;
using Xunit;
using static Alliance.Needs.Tests.Needs;

namespace Alliance.Needs.Tests;

/// <summary>
/// Issue 20's "no one vouches for themselves" and "hours fit the time" as rules of the domain type (no
/// database): each refusal leaves the need as it was.
/// </summary>
[Trait("Category", "Unit")]
public sealed class VouchingRuleTests
{
    private static readonly Guid Worker = Guid.CreateVersion7();

    [Fact]
    public void TheGridWorkerWhoPostedForAResident_CannotClaimIt_AsAVolunteer_ForATeamTheyLead_OrForAMerchant()
    {
        var need = Open(postedBy: Worker);

        var refusals = new[]
        {
            need.ClaimForVolunteer(Worker, Now),
            need.ClaimForTeam(Guid.CreateVersion7(), Worker, Now),
            need.ClaimForMerchant(Guid.CreateVersion7(), Worker, Now),
            need.ClaimForVolunteer(need.RequesterId, Now),
        };

        Assert.All(refusals, r => Assert.Equal((422, "cannot_claim_own_need"), (r!.Status, r.Code)));
        Assert.Equal((NeedStatus.Open, (Guid?)null), (need.Status, need.ClaimedById));
        Assert.Null(need.ClaimForVolunteer(Volunteer, Now));
    }

    [Fact]
    public void TheRequesterOrThePoster_CannotBeAssignedAsATeamsHelpers()
    {
        var member = Guid.CreateVersion7();
        var need = Open(postedBy: Worker, helpers: 3);
        Assert.Null(need.ClaimForTeam(Guid.CreateVersion7(), Guid.CreateVersion7(), Now));

        var poster = need.AssignHelpers([member, Worker]);
        var requester = need.AssignHelpers([need.RequesterId]);

        Assert.Equal((422, "cannot_help_own_need", Worker.ToString()), (poster!.Status, poster.Code, poster.Detail?.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal((422, "cannot_help_own_need", need.RequesterId.ToString()), (requester!.Status, requester.Code, requester.Detail?.ToString(CultureInfo.InvariantCulture)));
        Assert.Empty(need.AssignedHelperIds);
        Assert.Null(need.AssignHelpers([member]));
    }

    public static TheoryData<string> ClaimantSides() => ["the volunteer who claimed", "the team's leader", "an assigned member", "the merchant's staff"];

    [Theory]
    [MemberData(nameof(ClaimantSides))]
    public void TheClaimantsSide_CannotAcceptTheClaim_ButSomeoneElseCoveringThePlaceMay(string who)
    {
        var (need, actor) = ClaimedBy(who);

        var refusal = need.Accept(actor, Now);

        Assert.Equal((422, "cannot_accept_own_claim"), (refusal!.Status, refusal.Code));
        Assert.Equal((NeedStatus.Claimed, (Guid?)null), (need.Status, need.AcceptedById));
        Assert.Null(need.Accept(NeedActor.Person(Worker), Now));
        Assert.Equal(Worker, need.AcceptedById);
    }

    [Theory]
    [MemberData(nameof(ClaimantSides))]
    public void TheClaimantsSide_CannotConfirmOrRateTheWork_NorResolveItsDispute(string who)
    {
        var (completed, worker) = ClaimedBy(who);
        Complete(completed);
        var (disputed, disputedWorker) = ClaimedBy(who);
        Complete(disputed);
        Assert.Null(disputed.Dispute(disputed.RequesterId, "没做完", Later));

        var confirm = completed.Confirm(NeedConfirmer.GridWorker, worker, 5, "很好", Later);
        var resolveConfirmed = disputed.ResolveDispute(true, null, "核实", disputedWorker, Allowance, Later);
        var resolveCancelled = disputed.ResolveDispute(false, null, "核实", disputedWorker, Allowance, Later);

        Assert.Equal((422, "cannot_confirm_own_work"), (confirm!.Status, confirm.Code));
        Assert.Equal((NeedStatus.Completed, (int?)null, (DateTimeOffset?)null), (completed.Status, completed.Rating, completed.ConfirmedAt));
        Assert.All(new[] { resolveConfirmed, resolveCancelled }, r => Assert.Equal((422, "cannot_resolve_own_work"), (r!.Status, r.Code)));
        Assert.Equal((NeedStatus.Disputed, (Guid?)null), (disputed.Status, disputed.ResolvedById));
        Assert.Null(completed.Confirm(NeedConfirmer.GridWorker, NeedActor.Person(Worker), 5, null, Later));
        Assert.Null(disputed.ResolveDispute(false, null, "核实", Someone(), Allowance, Later));
    }

    [Fact]
    public void ANeedOfAnotherMerchant_IsNotTheStaffsOwnWork()
    {
        var need = Open();
        Assert.Null(need.ClaimForMerchant(Guid.CreateVersion7(), Guid.CreateVersion7(), Now));

        Assert.Null(need.Accept(new NeedActor(Worker, [Guid.CreateVersion7()]), Now));
    }

    [Fact]
    public void AHelpersHours_FitTheTimeSinceTheStart_PlusTheAllowance_AndTheFirstBeyondIsNamed()
    {
        var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var need = Open(helpers: 2);
        need.ClaimForTeam(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
        need.AssignHelpers([a, b]);
        need.Accept(Resident(need), Now);
        need.Start(Now);
        var twoHoursOn = Now.AddHours(2);

        var beyond = need.Complete([new HelperHours(a, 2.5m, 0m), new HelperHours(b, 2.6m, 0m)], null, Allowance, twoHoursOn);
        var noAllowance = need.Complete([new HelperHours(a, 2.1m, 0m), new HelperHours(b, 1m, 0m)], null, TimeSpan.Zero, twoHoursOn);

        Assert.Equal((422, "hours_beyond_elapsed", b.ToString()), (beyond!.Status, beyond.Code, beyond.Detail?.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains(b.ToString(), beyond.Title.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(("hours_beyond_elapsed", a.ToString()), (noAllowance!.Code, noAllowance.Detail?.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal((NeedStatus.InProgress, 0), (need.Status, need.Helpers.Count));
        Assert.Null(need.Complete([new HelperHours(a, 2.5m, 1m), new HelperHours(b, 2m, 0m)], null, Allowance, twoHoursOn));
    }

    [Fact]
    public void WorkReportedSecondsAfterItsStart_IsHalfAnHourAtMost()
    {
        var need = In(NeedStatus.InProgress);

        Assert.Equal("hours_beyond_elapsed", need.Complete([new HelperHours(Volunteer, 0.6m, 0m)], null, Allowance, Now.AddSeconds(5))?.Code);
        Assert.Null(need.Complete([new HelperHours(Volunteer, 0.5m, 0m)], null, Allowance, Now.AddSeconds(5)));
    }

    [Fact]
    public void AnAdminsOtherHours_FitTheTimeFromStartToCompletion_NotToTheResolution()
    {
        var need = In(NeedStatus.Disputed);
        var admin = NeedActor.Person(Worker);

        // Started at Now, completed three hours later: 3.5 h at most, however late the dispute is resolved.
        var beyond = need.ResolveDispute(true, [new HelperHours(Volunteer, 3.6m, 0m)], null, admin, Allowance, Later.AddDays(2));

        Assert.Equal((422, "hours_beyond_elapsed", Volunteer.ToString()), (beyond!.Status, beyond.Code, beyond.Detail?.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal((NeedStatus.Disputed, 2m), (need.Status, Assert.Single(need.Helpers).Hours));
        Assert.Null(need.ResolveDispute(true, [new HelperHours(Volunteer, 3.5m, 0m)], null, admin, Allowance, Later.AddDays(2)));
        Assert.Equal(3.5m, Assert.Single(need.Helpers).Hours);
    }

    [Theory]
    [InlineData("00:30:00", true)]
    [InlineData("00:00:00", true)]
    [InlineData("04:00:00", true)]
    [InlineData("04:00:01", false)]
    [InlineData("-00:01:00", false)]
    [InlineData("30.00:00:00", false)]
    public void TheHoursAllowance_IsFromNoneToFourHours(string allowance, bool valid) =>
        Assert.Equal(valid, new NeedHoursOptions { Allowance = TimeSpan.Parse(allowance, System.Globalization.CultureInfo.InvariantCulture) }.IsValid);

    /// <summary>A claimed need and the person of the given side of its claim.</summary>
    private static (Need Need, NeedActor Actor) ClaimedBy(string who)
    {
        var need = Open(postedBy: Worker, helpers: 2);
        var person = Guid.CreateVersion7();
        switch (who)
        {
            case "the volunteer who claimed":
                need.ClaimForVolunteer(person, Now);
                return (need, NeedActor.Person(person));
            case "the team's leader":
                need.ClaimForTeam(Guid.CreateVersion7(), person, Now);
                need.AssignHelpers([Guid.CreateVersion7()]);
                return (need, NeedActor.Person(person));
            case "an assigned member":
                need.ClaimForTeam(Guid.CreateVersion7(), Guid.CreateVersion7(), Now);
                need.AssignHelpers([person]);
                return (need, NeedActor.Person(person));
            default:
                var merchant = Guid.CreateVersion7();
                need.ClaimForMerchant(merchant, Guid.CreateVersion7(), Now);
                return (need, new NeedActor(person, [merchant]));
        }
    }

    /// <summary>Accepted by the requester, started at Now and completed three hours later, each allowed helper with an hour.</summary>
    private static void Complete(Need need)
    {
        Assert.Null(need.Accept(Resident(need), Now));
        Assert.Null(need.Start(Now));
        var helpers = need.ClaimantKind == ClaimantKind.Merchant ? [] : need.AllowedHelpers.Select(h => new HelperHours(h, 1m, 0m)).ToList();
        Assert.Null(need.Complete(helpers, null, Allowance, Later));
    }
}
