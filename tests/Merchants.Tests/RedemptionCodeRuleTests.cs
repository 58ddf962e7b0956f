using Alliance.Merchants.Redemptions;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>Who sees how much of a redemption code, and what the counter may type, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class RedemptionCodeRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    private static Redemption Reserving() =>
        Redemption.Start(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 30, new DateOnly(2026, 12, 1), Now, TimeSpan.FromMinutes(30));

    [Fact]
    public void AMaskedCode_KeepsTheFirstTwoAndTheLastTwo() => Assert.Equal("K7****XA", Redemption.Mask("K7Q2M9XA"));

    [Fact]
    public void AnIssuedOrConfirmedCode_IsWholeForItsHolder_AndMaskedForEveryoneElse()
    {
        var redemption = Reserving();
        redemption.Issue();
        var masked = Redemption.Mask(redemption.Code);

        Assert.Equal((redemption.Code, masked), (redemption.CodeFor(holder: true), redemption.CodeFor(holder: false)));
        Assert.True(redemption.Confirm(null, "merchant-partner", Now.AddMinutes(5)));
        Assert.Equal((redemption.Code, masked), (redemption.CodeFor(holder: true), redemption.CodeFor(holder: false)));
        Assert.DoesNotContain(redemption.Code[2..^2], masked, StringComparison.Ordinal);
    }

    [Fact]
    public void ACodeThatWasNeverGoodAtTheCounter_OrIsNoLonger_IsShownToNoOne()
    {
        var reserving = Reserving();
        var refused = Reserving();
        refused.Refuse(Now);
        var expired = Reserving();
        expired.Issue();
        expired.Expire(Now.AddHours(1));

        foreach (var redemption in new[] { reserving, refused, expired })
        {
            Assert.Null(redemption.CodeFor(holder: true));
            Assert.Null(redemption.CodeFor(holder: false));
        }
    }

    [Theory]
    [InlineData("K7Q2M9XA", null)]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    [InlineData("K7Q2M9X", "code_length")]
    [InlineData("K7****XA", "code_format")]
    [InlineData("K7Q2M0XA", "code_format")]
    public void TheCounter_TypesAWholeCodeOfTheCodeAlphabet(string? typed, string? broken) => Assert.Equal(broken, Redemption.FormatRule(typed));

    [Fact]
    public void EveryIssuedCode_PassesTheCountersFormatRule()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Null(Redemption.FormatRule(Reserving().Code));
        }
    }
}
