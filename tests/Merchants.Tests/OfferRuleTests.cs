using Alliance.Merchants.Offers;
using Alliance.Merchants.Redemptions;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>The rules of offers, quota periods and redemptions, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class OfferRuleTests
{
    private static readonly DateOnly From = new(2026, 12, 1);

    [Theory]
    [InlineData("2026-12-03", "Day", "2026-12-03")]
    [InlineData("2026-12-03", "Week", "2026-11-30")]
    [InlineData("2026-11-30", "Week", "2026-11-30")]
    [InlineData("2026-12-06", "Week", "2026-11-30")]
    [InlineData("2026-12-31", "Month", "2026-12-01")]
    public void APeriod_StartsOnItsDay_ItsMonday_OrTheFirstOfItsMonth(string day, string period, string start) =>
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), QuotaPeriods.Start(Enum.Parse<QuotaPeriod>(period), DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ShanghaisDay_IsEightHoursAheadOfUtc() =>
        Assert.Equal(new DateOnly(2026, 12, 2), Alliance.Contracts.Time.Shanghai.DateOf(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void AnOffer_IsTakenOnlyWithinItsValidity_AndNotOnceWithdrawn()
    {
        var offer = Publish(OfferKind.PublicBenefit);

        Assert.Equal(OfferErrors.NotStarted, offer.Unavailability(From.AddDays(-1)));
        Assert.Null(offer.Unavailability(From));
        Assert.Null(offer.Unavailability(From.AddDays(30)));
        Assert.Equal(OfferErrors.Expired, offer.Unavailability(From.AddDays(31)));
        Assert.True(offer.Withdraw());
        Assert.False(offer.Withdraw());
        Assert.Equal(OfferErrors.Withdrawn, offer.Unavailability(From));
    }

    [Fact]
    public void APointsReward_IsForVerifiedVolunteers_AndEligibilityFollowsTheDeclaration()
    {
        var reward = Publish(OfferKind.PointsReward, pointsCost: 50);
        var elderly = Publish(OfferKind.PublicBenefit, eligibility: new Eligibility(Aged60OrOver: true, CommunityId: "wanda"));

        Assert.Equal(OfferErrors.VolunteersOnly, reward.Ineligibility(isVolunteer: false, false, null));
        Assert.Null(reward.Ineligibility(isVolunteer: true, false, null));
        Assert.Equal(OfferErrors.AgedOnly, elderly.Ineligibility(false, declaredAged60OrOver: false, "wanda"));
        Assert.Equal(OfferErrors.CommunityOnly, elderly.Ineligibility(false, declaredAged60OrOver: true, "fushun"));
        Assert.Null(elderly.Ineligibility(false, declaredAged60OrOver: true, "wanda"));
    }

    [Fact]
    public void ARedemption_IsConfirmedOrExpiredOnce_AndOnlyOnceIssued()
    {
        var now = DateTimeOffset.UtcNow;
        var redemption = Redemption.Start(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), 30, From, now, TimeSpan.FromMinutes(30));

        Assert.False(redemption.Confirm(Guid.CreateVersion7(), null, now));
        Assert.True(redemption.Issue());
        Assert.True(redemption.IsOpenAt(now.AddMinutes(29)));
        Assert.False(redemption.IsOpenAt(now.AddMinutes(30)));
        Assert.True(redemption.Confirm(null, "merchant-partner", now));
        Assert.False(redemption.Expire(now));
        Assert.Equal(RedemptionStatus.Confirmed, redemption.Status);
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", redemption.Code);
    }

    private static Offer Publish(OfferKind kind, int? pointsCost = null, Eligibility? eligibility = null) =>
        Offer.Publish(Guid.CreateVersion7(), null, "长者免费理发", null, kind, null, pointsCost, From, From.AddDays(30), 10, QuotaPeriod.Week, eligibility, DateTimeOffset.UtcNow);
}
