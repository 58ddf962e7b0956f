using System.Text.Json;
using Alliance.Messaging.DueWork;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>SMS through Alibaba Cloud: a signed request of the right shape; a provider that fails is tried again until it takes the message, once, and the inbox copy is there all along.</summary>
public sealed class ProviderRetryTests(AliyunNotificationsApp app) : IClassFixture<AliyunNotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFailingProvider_IsTriedAgain_ThenTakesTheMessageOnce_AndTheInboxHadItAllAlong()
    {
        var (resident, mobile) = await app.Identity.SignUpAsync("吴阿姨");
        var reader = app.As(resident);
        app.Aliyun.FailNext(mobile);
        app.Aliyun.RefuseNext(mobile, "isv.BUSINESS_LIMIT_CONTROL");

        await app.PublishAsync(ChannelTests.Claimed(app.Needs.Add(resident, "换灯泡"), Guid.CreateVersion7()));
        Assert.Equal(1, await NotificationsApp.UnreadAsync(reader));

        await using var db = app.CreateDbContext();
        var notification = await db.Notifications.SingleAsync(n => n.RecipientId == resident, Ct);
        var key = notification.Id.ToString();
        await Eventually.TrueAsync(async () => await db.Deliveries.AnyAsync(d => d.NotificationId == notification.Id, Ct), "the SMS taken");
        await Eventually.TrueAsync(async () => !await db.Set<DueWorkItem>().AnyAsync(d => d.Key == key, Ct), "the delivery done");

        var mine = app.Aliyun.Requests.Where(r => r.Form.GetValueOrDefault("PhoneNumbers") == mobile).ToList();
        Assert.All(mine, r => Assert.True(r.Valid));
        Assert.Equal([500, 200, 200], mine.Select(r => r.Status));
        var param = JsonDocument.Parse(mine[^1].Form["TemplateParam"]).RootElement;
        Assert.Equal("您的需求已被认领", param.GetProperty("title").GetString());
        Assert.Contains("换灯泡", param.GetProperty("body").GetString());
        Assert.Equal(1, await NotificationsApp.UnreadAsync(reader));
    }
}
