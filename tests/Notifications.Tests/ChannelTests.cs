using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Volunteers;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Channels;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>Notifications leave the app by the development SMS channel, as the person's preferences allow.</summary>
public sealed class ChannelTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaim_SendsTheResidentAnSms_ToTheMobileIdentityHas_InChinese()
    {
        var (resident, mobile) = await app.Identity.SignUpAsync("王阿姨");
        var (volunteer, _) = await app.Identity.SignUpAsync("李志愿");
        var need = app.Needs.Add(resident, "老座钟坏了");
        var reader = app.As(resident);

        await app.PublishAsync(Claimed(need, volunteer));

        var sent = await Eventually.ReturnsAsync(() => NotificationsApp.DevSentAsync(mobile, reader), s => s.Count > 0, "the development SMS");
        Assert.Equal([("sms", "您的需求已被认领：李志愿认领了您的需求“老座钟坏了”，请确认接受或婉拒。")], sent);
        await using var db = app.CreateDbContext();
        var notification = await db.Notifications.SingleAsync(n => n.RecipientId == resident, Ct);
        Assert.Equal(["sms"], await db.Deliveries.Where(d => d.NotificationId == notification.Id).Select(d => d.Channel).ToListAsync(Ct));
    }

    [Fact]
    public async Task Preferences_AreTheDefaults_UntilSaved_ThenRoundTrip()
    {
        var person = app.As(Guid.CreateVersion7());

        var defaults = await person.GetFromJsonAsync<JsonElement>("/notifications/preferences", Ct);
        Assert.Equal(Json(new { sms = true, wechat = true, mutedKinds = Array.Empty<string>(), quietHours = true }), Json(defaults));

        var wanted = new { sms = false, wechat = true, mutedKinds = new[] { "needStarted", "needClaimed" }, quietHours = false };
        using var put = await person.PutAsJsonAsync("/notifications/preferences", wanted, Ct);
        put.EnsureSuccessStatusCode();

        var saved = await person.GetFromJsonAsync<JsonElement>("/notifications/preferences", Ct);
        Assert.Equal(Json(new { sms = false, wechat = true, mutedKinds = new[] { "needClaimed", "needStarted" }, quietHours = false }), Json(saved));
    }

    [Fact]
    public async Task TwoFirstSavesAtOnce_BothSucceed_AndOneOfThemStands()
    {
        var person = app.As(Guid.CreateVersion7());
        var quiet = new { sms = false, wechat = false, mutedKinds = Array.Empty<string>(), quietHours = true };
        var loud = new { sms = true, wechat = true, mutedKinds = Array.Empty<string>(), quietHours = false };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => person.PutAsJsonAsync("/notifications/preferences", i % 2 == 0 ? (object)quiet : loud, Ct)));

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.OK, a.StatusCode));
        var saved = Json(await person.GetFromJsonAsync<JsonElement>("/notifications/preferences", Ct));
        Assert.Contains(saved, new[] { Json(quiet), Json(loud) });
    }

    [Fact]
    public async Task AnUnknownKind_OrAMissingField_Is400_AndChangesNothing()
    {
        var person = app.As(Guid.CreateVersion7());
        using var first = await person.PutAsJsonAsync("/notifications/preferences", new { sms = false, wechat = false, mutedKinds = Array.Empty<string>(), quietHours = true }, Ct);
        first.EnsureSuccessStatusCode();

        using var unknown = await person.PutAsJsonAsync("/notifications/preferences", new { sms = true, wechat = true, mutedKinds = new[] { "needClaimed", "noSuchKind" }, quietHours = true }, Ct);
        var problem = await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unknown_kind", problem.GetProperty("errors").GetProperty("mutedKinds")[0].GetString());

        using var missing = await person.PutAsJsonAsync("/notifications/preferences", new { sms = true, mutedKinds = Array.Empty<string>() }, Ct);
        var missingProblem = await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(missingProblem.GetProperty("errors").TryGetProperty("quietHours", out _));

        var saved = await person.GetFromJsonAsync<JsonElement>("/notifications/preferences", Ct);
        Assert.False(saved.GetProperty("sms").GetBoolean());
        Assert.Empty(saved.GetProperty("mutedKinds").EnumerateArray());
    }

    [Fact]
    public async Task AMutedKind_StaysInTheApp_AndOthersStillGoBySms()
    {
        var (resident, mobile) = await app.Identity.SignUpAsync("赵居民");
        var reader = app.As(resident);
        using var put = await reader.PutAsJsonAsync("/notifications/preferences", new { sms = true, wechat = true, mutedKinds = new[] { "needClaimed" }, quietHours = true }, Ct);
        put.EnsureSuccessStatusCode();
        var need = app.Needs.Add(resident, "买菜");

        await app.PublishAsync(Claimed(need, Guid.CreateVersion7()));
        await app.PublishAsync(new NeedStarted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, ClaimantKind.Volunteer, Guid.CreateVersion7(), Guid.CreateVersion7()));

        await using var db = app.CreateDbContext();
        var ids = await db.Notifications.Where(n => n.RecipientId == resident).Select(n => n.Id.ToString()).ToListAsync(Ct);
        Assert.Equal(2, ids.Count);
        // Both deliveries have run (their due work is gone): the muted one sent nothing.
        await Eventually.TrueAsync(async () => !await db.Set<DueWorkItem>().AnyAsync(d => ids.Contains(d.Key), Ct), "both deliveries");
        var sent = await NotificationsApp.DevSentAsync(mobile, reader);
        Assert.StartsWith("服务已开始：", Assert.Single(sent).Text);
        Assert.Equal(2, await NotificationsApp.UnreadAsync(reader));
    }

    [Fact]
    public async Task Erasure_RemovesThePreferences_AndWhatTheDevelopmentChannelKept()
    {
        var (volunteer, mobile) = await app.Identity.SignUpAsync("钱志愿");
        var client = app.As(volunteer);
        using var put = await client.PutAsJsonAsync("/notifications/preferences", new { sms = true, wechat = false, mutedKinds = Array.Empty<string>(), quietHours = true }, Ct);
        put.EnsureSuccessStatusCode();
        var resident = Guid.CreateVersion7();
        var need = app.Needs.Add(resident);
        await app.PublishAsync(new NeedClaimDeclined(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, ClaimantKind.Volunteer, volunteer, resident));
        await Eventually.ReturnsAsync(() => NotificationsApp.DevSentAsync(mobile, client), s => s.Count == 1, "the decline's SMS");

        await app.PublishAsync(new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda"));

        await using var db = app.CreateDbContext();
        Assert.False(await db.Preferences.AnyAsync(p => p.PersonId == volunteer, Ct));
        Assert.False(await db.DevSent.AnyAsync(s => s.RecipientId == volunteer, Ct));
        Assert.Empty(await NotificationsApp.DevSentAsync(mobile, client));
    }

    [Fact]
    public async Task DevSent_IsNotMapped_WhenSmsIsNotTheDevelopmentChannel()
    {
        var database = await app.Containers.CreateDatabaseAsync();
        await using var host = app.Start(database, overrides: new Dictionary<string, string?>
        {
            ["Notifications:Channels:Sms:Kind"] = "none",
            // Its own queues: it must not take this class's events from the main host.
            ["Messaging:QueuePrefix"] = MessagingHost.UniqueService("notifications-none"),
        });
        using var client = host.CreateClient();
        await client.WaitUntilReadyAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", IdentityApp.MintToken(Guid.CreateVersion7()));

        using var none = await client.GetAsync("/notifications/dev/sent?to=13500000000", Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var mapped = await app.As(Guid.CreateVersion7()).GetAsync("/notifications/dev/sent?to=13500000000", Ct);
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        using var noTo = await app.As(Guid.CreateVersion7()).GetAsync("/notifications/dev/sent", Ct);
        await noTo.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    internal static NeedClaimed Claimed(Guid need, Guid volunteer) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, volunteer, ClaimantKind.Volunteer);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
