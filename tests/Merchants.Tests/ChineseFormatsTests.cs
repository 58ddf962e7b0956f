using Alliance.Contracts.Validation;
using Alliance.Testing;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>The check characters of docs/domain.md's "Validation for China", without a database.</summary>
[Trait("Category", "Unit")]
public sealed class ChineseFormatsTests
{
    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100Y4", false)]
    [InlineData("91350100I000100Y43", false)]
    public void UnifiedSocialCreditCode_FollowsGB32100(string code, bool valid) =>
        Assert.Equal(valid, ChineseFormats.IsUnifiedSocialCreditCode(code));

    [Fact]
    public void UnifiedSocialCreditCode_AcceptsEveryGeneratedCode() =>
        Assert.All(Enumerable.Range(0, 50).Select(_ => LicenceNumbers.Next()), code => Assert.True(ChineseFormats.IsUnifiedSocialCreditCode(code), code));

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("1101051949123100", false)]
    [InlineData("11010519491231A02X", false)]
    public void ResidentIdCard_FollowsGB11643(string number, bool valid) =>
        Assert.Equal(valid, ChineseFormats.IsResidentIdCard(number));
}
