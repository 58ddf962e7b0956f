using Alliance.Points.Flags;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>The flags' thresholds and the decision rule, without a database (the defaults of <c>Points:Flags</c>).</summary>
[Trait("Category", "Unit")]
public sealed class FlagRuleTests
{
    private readonly FlagOptions rules = new();

    [Theory]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void ABurst_IsMoreActivityCreditsThanTheLimit_WithinTheWindow(int credits, bool flagged) =>
        Assert.Equal(flagged, rules.IsBurst(credits));

    [Theory]
    [InlineData(6.5, 2.0, 5, true)]
    [InlineData(6.0, 2.0, 5, false)]
    [InlineData(20.0, 2.0, 4, false)]
    [InlineData(20.0, null, 0, false)]
    public void AboveTheTeamsUsual_IsMoreThanThreeTimesItsMedian_OnlyWhenTheUsualIsKnown(double hours, double? median, int sample, bool flagged) =>
        Assert.Equal(flagged, rules.IsAboveTeamUsual((decimal)hours, (decimal?)median, sample));

    [Theory]
    [InlineData(true, 3.5, true)]
    [InlineData(true, 3.0, false)]
    [InlineData(false, 8.0, false)]
    public void ATimersConfirmation_WithManyHours_IsFlagged(bool byTimer, double hours, bool flagged) =>
        Assert.Equal(flagged, rules.IsTimerWithManyHours(byTimer, (decimal)hours));

    [Fact]
    public void ANewRequester_IsYoungerThanAWeekAtTheClaim_AndAnUnknownAccountIsOld()
    {
        var claimed = new DateTimeOffset(2030, 1, 10, 0, 0, 0, TimeSpan.Zero);

        Assert.True(rules.IsNewRequester(claimed.AddDays(-6), claimed));
        Assert.False(rules.IsNewRequester(claimed.AddDays(-7), claimed));
        Assert.False(rules.IsNewRequester(null, claimed));
    }

    [Fact]
    public void AFlag_IsDecidedOnce()
    {
        var flag = Flag.ForActivity(FlagKind.ActivityBurst, Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "wanda", "{}", DateTimeOffset.UtcNow);
        var admin = Guid.CreateVersion7();

        Assert.False(flag.Decide(FlagStatus.Open, "不是结论", admin, DateTimeOffset.UtcNow));
        Assert.True(flag.Decide(FlagStatus.Dismissed, "核实无误", admin, DateTimeOffset.UtcNow));
        Assert.False(flag.Decide(FlagStatus.Upheld, "改判", admin, DateTimeOffset.UtcNow));

        Assert.Equal((FlagStatus.Dismissed, "核实无误", admin), (flag.Status, flag.DecisionReason, flag.DecidedBy));
        Assert.Throws<InvalidOperationException>(() => flag.RecordReversal(Guid.CreateVersion7()));
    }
}
