using System.Net.Http.Headers;
using Alliance.Contracts.Merchants;
using Alliance.Notifications.Notices;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>A merchant's events reach every one of its staff in the app, naming the offer, and no one else.</summary>
public sealed class MerchantNoticesTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABooking_ReachesEveryStaffMember_NamingTheOffer_AndNotTheResident()
    {
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var merchant = app.Merchants.AddMerchant(first, second);
        var offer = app.Merchants.AddOffer(merchant, "老人免费理发");
        var resident = Guid.CreateVersion7();
        var bookedAt = new DateTimeOffset(2026, 12, 3, 1, 30, 0, TimeSpan.Zero);
        var booked = new OfferBooked(Guid.CreateVersion7(), bookedAt, null, Guid.CreateVersion7(), offer, merchant, resident);

        await app.PublishAsync(booked, consumers: 2);
        await app.PublishAsync(booked, consumers: 2);

        foreach (var staff in new[] { first, second })
        {
            var item = Assert.Single((await NotificationsApp.InboxAsync(app.As(staff))).GetProperty("items").EnumerateArray());
            Assert.Equal("offerBooked", item.GetProperty("kind").GetString());
            Assert.Equal("新的预约", item.GetProperty("title").GetString());
            Assert.Equal("“老人免费理发”于2026-12-03 09:30被预约，请在柜台接待。", item.GetProperty("body").GetString());
            Assert.Equal(("offer", offer), (item.GetProperty("subject").GetProperty("type").GetString(), item.GetProperty("subject").GetProperty("id").GetGuid()));
        }

        Assert.Equal(0, await NotificationsApp.UnreadAsync(app.As(resident)));
    }

    [Fact]
    public async Task ARedemptionToConfirm_AndItsExpiry_ReachTheStaff_InEnglishWhenAsked()
    {
        var staff = Guid.CreateVersion7();
        var merchant = app.Merchants.AddMerchant(staff);
        var offer = app.Merchants.AddOffer(merchant, "Free haircut");
        var redemption = Guid.CreateVersion7();
        var expiresAt = new DateTimeOffset(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

        await app.PublishAsync(new OfferRedeemed(Guid.CreateVersion7(), expiresAt.AddMinutes(-30), null, redemption, offer, merchant, Guid.CreateVersion7(), 80, expiresAt), consumers: 2);
        await app.PublishAsync(new RedemptionExpired(Guid.CreateVersion7(), expiresAt, null, redemption, offer, merchant, Guid.CreateVersion7()), consumers: 2);

        var client = app.As(staff);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var items = (await NotificationsApp.InboxAsync(client)).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("subject").GetProperty("id").GetGuid(), i.GetProperty("body").GetString())).ToList();
        Assert.Equal(
            [
                ("codeExpired", redemption, "A code for “Free haircut” expired unconfirmed at 2026-12-03 10:00; the points went back and the quota was freed."),
                ("redemptionToConfirm", redemption, "A points reward “Free haircut” was redeemed; confirm its code at the counter before 2026-12-03 10:00."),
            ],
            items);
    }

    [Fact]
    public async Task AMerchantWithoutStaff_NotifiesNoOne()
    {
        var merchant = app.Merchants.AddMerchant();
        var offer = app.Merchants.AddOffer(merchant);

        await app.PublishAsync(new OfferBooked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), offer, merchant, Guid.CreateVersion7()), consumers: 2);

        await using var db = app.CreateDbContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.SubjectType == SubjectTypes.Offer && n.SubjectId == offer, Ct));
    }
}
