using System.Net.Http.Json;
using Alliance.Contracts.Time;
using Alliance.Messaging.DueWork;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>22:00 to 07:00 on the street's clock a normal notice waits for the morning to leave the app; an emergency's does not; the inbox has both at once.</summary>
public sealed class QuietHoursTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AtNight_ANormalNoticeWaitsFor0700_AnEmergencysGoesAtOnce_AndTheInboxHasBoth()
    {
        var (resident, mobile) = await app.Identity.SignUpAsync("孙奶奶");
        var reader = app.As(resident);
        var normal = app.Needs.Add(resident, "修水龙头");
        var emergency = app.Needs.Add(resident, "老人摔倒", urgency: "emergency");
        app.Clock.Set(new TimeOnly(23, 0));

        await app.PublishAsync(ChannelTests.Claimed(normal, Guid.CreateVersion7()));

        await using var db = app.CreateDbContext();
        var held = await db.Notifications.SingleAsync(n => n.RecipientId == resident, Ct);
        Assert.False(held.Urgent);
        var due = await db.Set<DueWorkItem>().SingleAsync(d => d.Key == held.Id.ToString(), Ct);
        var morning = Shanghai.LocalOf(due.DueAt);
        Assert.Equal((Shanghai.DateOf(app.Clock.GetUtcNow()).AddDays(1), new TimeOnly(7, 0)), (DateOnly.FromDateTime(morning), TimeOnly.FromDateTime(morning)));
        // Its delivery is due in the morning, so nothing has gone out: the inbox has it now.
        Assert.Empty(await NotificationsApp.DevSentAsync(mobile, reader));
        Assert.Equal(1, await NotificationsApp.UnreadAsync(reader));

        await app.PublishAsync(ChannelTests.Claimed(emergency, Guid.CreateVersion7()));
        var urgent = await Eventually.ReturnsAsync(() => NotificationsApp.DevSentAsync(mobile, reader), s => s.Count > 0, "the emergency's SMS");
        Assert.Contains("老人摔倒", Assert.Single(urgent).Text);
        Assert.True(await db.Set<DueWorkItem>().AnyAsync(d => d.Key == held.Id.ToString(), Ct));

        app.Clock.Advance(due.DueAt - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var all = await Eventually.ReturnsAsync(() => NotificationsApp.DevSentAsync(mobile, reader), s => s.Count == 2, "the morning's SMS");
        Assert.Contains("修水龙头", all[0].Text);
        Assert.Equal(2, await NotificationsApp.UnreadAsync(reader));
    }

    [Fact]
    public async Task QuietHoursTurnedOff_LetANormalNoticeGoAtNight()
    {
        var (resident, mobile) = await app.Identity.SignUpAsync("周先生");
        var reader = app.As(resident);
        using var put = await reader.PutAsJsonAsync("/notifications/preferences", new { sms = true, wechat = true, mutedKinds = Array.Empty<string>(), quietHours = false }, Ct);
        put.EnsureSuccessStatusCode();
        app.Clock.Set(new TimeOnly(2, 30));

        await app.PublishAsync(ChannelTests.Claimed(app.Needs.Add(resident, "取快递"), Guid.CreateVersion7()));

        var sent = await Eventually.ReturnsAsync(() => NotificationsApp.DevSentAsync(mobile, reader), s => s.Count > 0, "the SMS at night");
        Assert.Contains("取快递", Assert.Single(sent).Text);
    }
}
