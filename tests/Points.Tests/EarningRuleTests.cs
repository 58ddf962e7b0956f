using Alliance.Points.Ledger;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>The earning rules themselves, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class EarningRuleTests
{
    private readonly EarningRules rules = new();

    [Theory]
    [InlineData(2, 0, 5, false, "normal", 24)]
    [InlineData(2, 0, 5, true, "normal", 20)]
    [InlineData(2, 0, null, false, "normal", 20)]
    [InlineData(2, 0, 1, false, "normal", 10)]
    [InlineData(2, 1, 3, false, "urgent", 29)]
    [InlineData(0.5, 0.5, 4, false, "URGENT", 9)]
    public void Earn_GivesTheDocumentedPoints(decimal hours, decimal night, int? rating, bool byTimer, string urgency, long points) =>
        Assert.Equal(points, rules.Earn(hours, night, rating, byTimer, urgency).Uncapped);

    [Fact]
    public void TheCap_LeavesWhatIsLeftOfTheMonth_AndNeverLessThanNothing()
    {
        Assert.Equal(100, rules.Capped(300, 500));
        Assert.Equal(0, rules.Capped(300, 700));
        Assert.Equal(300, rules.Capped(300, 0));
    }
}
