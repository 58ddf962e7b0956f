using Alliance.Volunteers.Pairings;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>The rules of a pairing's life, on the domain type alone.</summary>
[Trait("Category", "Unit")]
public sealed class PairingRuleTests
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 2, 0, 0, TimeSpan.Zero);

    private static PairingDraft Draft(string? building = null) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), RecipientCategory.ElderlyLivingAlone, building, null,
            new PairingAgreement(["meals", "cleaning"], null, 7), ConsentGiver.Self, null, null);

    private static Pairing Weekly() => Pairing.Start(Draft(), new RecipientPlace("wanda", "wanda-01"), Guid.CreateVersion7(), Start);

    private static PairingVisit VisitAt(Pairing pairing, DateTimeOffset at, int minutes = 60, int problems = 0) =>
        PairingVisit.Log(pairing.Id, pairing.VolunteerId!.Value, at, minutes, [], problems, null, at);

    [Fact]
    public void TheFirstVisit_FallsDueOneCadenceAfterTheStart_AndIsNotOverdueBefore()
    {
        var pairing = Weekly();

        Assert.Equal(Start.AddDays(7), pairing.NextVisitDueAt);
        Assert.False(pairing.IsOverdue(Start.AddDays(7).AddSeconds(-1)));
        Assert.False(pairing.MissCadence(Start.AddDays(7).AddSeconds(-1)));
        Assert.Equal(0, pairing.MissedCadences);
    }

    [Fact]
    public void ACheckAfterAnOutage_CountsEveryMissedCadenceAtOnce_AndMovesTheDueDatePastNow()
    {
        var pairing = Weekly();
        var now = Start.AddDays(22);

        Assert.True(pairing.MissCadence(now));

        Assert.Equal(3, pairing.MissedCadences);
        Assert.Equal(Start.AddDays(28), pairing.NextVisitDueAt);
        Assert.Equal(Start.AddDays(7), pairing.OverdueSince);
        Assert.True(pairing.IsOverdue(now));
        Assert.False(pairing.MissCadence(now));
    }

    [Fact]
    public void AVisit_ClearsTheMissedCount_AndTheNextVisitFallsDueOneCadenceAfterIt()
    {
        var pairing = Weekly();
        pairing.MissCadence(Start.AddDays(9));
        var visited = Start.AddDays(10);

        Assert.True(pairing.RecordVisit(VisitAt(pairing, visited, minutes: 90, problems: 2)));

        Assert.Equal(0, pairing.MissedCadences);
        Assert.Equal(visited, pairing.LastVisitAt);
        Assert.Equal(visited.AddDays(7), pairing.NextVisitDueAt);
        Assert.False(pairing.IsOverdue(visited.AddDays(1)));
        Assert.Equal((1, 90, 2), (pairing.VisitCount, pairing.VisitMinutes, pairing.ProblemsSolved));
    }

    [Fact]
    public void AVisitLoggedLate_ForAnEarlierDay_CountsButDoesNotMoveTheDueDateBack()
    {
        var pairing = Weekly();
        pairing.RecordVisit(VisitAt(pairing, Start.AddDays(6)));

        pairing.RecordVisit(VisitAt(pairing, Start.AddDays(3)));

        Assert.Equal(2, pairing.VisitCount);
        Assert.Equal(Start.AddDays(6), pairing.LastVisitAt);
        Assert.Equal(Start.AddDays(13), pairing.NextVisitDueAt);
    }

    [Fact]
    public void AnEndedPairing_TakesNoVisits_NoAmendment_AndIsNeverOverdue()
    {
        var pairing = Weekly();
        Assert.True(pairing.End(Guid.CreateVersion7(), "受助人搬离", Start.AddDays(1)));

        Assert.False(pairing.RecordVisit(VisitAt(pairing, Start.AddDays(2))));
        Assert.False(pairing.Amend(new PairingAgreement(["meals"], null, 3)));
        Assert.False(pairing.MissCadence(Start.AddDays(30)));
        Assert.False(pairing.IsOverdue(Start.AddDays(30)));
        Assert.False(pairing.End(Guid.CreateVersion7(), "again", Start.AddDays(2)));
        Assert.Equal(0, pairing.VisitCount);
    }

    [Fact]
    public void AShorterCadence_BringsTheDueDateForward_FromTheLastVisit_AndRestartsTheCount()
    {
        var pairing = Weekly();
        pairing.RecordVisit(VisitAt(pairing, Start.AddDays(2)));
        pairing.MissCadence(Start.AddDays(12));

        Assert.True(pairing.Amend(new PairingAgreement(["meals"], "每周电话问候", 3)));

        Assert.Equal(Start.AddDays(5), pairing.NextVisitDueAt);
        Assert.Equal(0, pairing.MissedCadences);
        Assert.True(pairing.MissCadence(Start.AddDays(12)));
        Assert.Equal(3, pairing.MissedCadences);
    }
}
