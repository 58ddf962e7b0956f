using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Volunteers;
using Alliance.Notifications.Notices;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>Needs' events become notifications in the right inboxes, read through the in-app inbox.</summary>
public sealed class InboxTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AClaim_PutsANotificationInTheResidentsInbox_NamingTheClaimant_AndTheNeed()
    {
        var resident = Guid.CreateVersion7();
        var (volunteer, _) = await app.Identity.SignUpAsync("李志愿");
        var need = app.Needs.Add(resident, "老座钟坏了");

        await app.PublishAsync(Claimed(need, volunteer));

        var item = Assert.Single((await NotificationsApp.InboxAsync(app.As(resident))).GetProperty("items").EnumerateArray());
        Assert.Equal("needClaimed", item.GetProperty("kind").GetString());
        Assert.Equal("您的需求已被认领", item.GetProperty("title").GetString());
        Assert.Equal("李志愿认领了您的需求“老座钟坏了”，请确认接受或婉拒。", item.GetProperty("body").GetString());
        Assert.Equal(need, item.GetProperty("needId").GetGuid());
        Assert.Equal(("need", need), (item.GetProperty("subject").GetProperty("type").GetString(), item.GetProperty("subject").GetProperty("id").GetGuid()));
        Assert.False(item.GetProperty("read").GetBoolean());
        Assert.Equal(1, await NotificationsApp.UnreadAsync(app.As(resident)));
        // The claimant hears nothing of their own claim.
        Assert.Equal(0, await NotificationsApp.UnreadAsync(app.As(volunteer)));
    }

    [Fact]
    public async Task AnAcceptance_ReachesTheResidentAndTheVolunteer_AndADecline_TheVolunteer()
    {
        var resident = Guid.CreateVersion7();
        var volunteer = Guid.CreateVersion7();
        var accepted = app.Needs.Add(resident, "陪同就医");
        var declined = app.Needs.Add(resident, "修水龙头");

        await app.PublishAsync(new NeedClaimAccepted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, accepted, resident, ClaimantKind.Volunteer, volunteer, null, resident));
        await app.PublishAsync(new NeedClaimDeclined(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, declined, resident, ClaimantKind.Volunteer, volunteer, resident));

        var toVolunteer = (await NotificationsApp.InboxAsync(app.As(volunteer))).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("needId").GetGuid(), i.GetProperty("body").GetString())).ToList();
        Assert.Equal(
            [("claimDeclined", declined, "您认领的“修水龙头”未被接受，仍然感谢您的热心。"), ("claimAccepted", accepted, "您认领的“陪同就医”已被接受，请按约定前往。")],
            toVolunteer);
        var toResident = Assert.Single((await NotificationsApp.InboxAsync(app.As(resident))).GetProperty("items").EnumerateArray());
        Assert.Equal(("needClaimAccepted", accepted), (toResident.GetProperty("kind").GetString(), toResident.GetProperty("needId").GetGuid()));
    }

    [Fact]
    public async Task ATeamsClaim_AcceptedOrDeclined_NotifiesTheResidentOnly_NeverATeamId()
    {
        var resident = Guid.CreateVersion7();
        var team = Guid.CreateVersion7();
        var need = app.Needs.Add(resident);

        await app.PublishAsync(new NeedClaimAccepted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, ClaimantKind.Team, team, team, resident));

        await using var db = app.CreateDbContext();
        var rows = await db.Notifications.Where(n => n.SubjectType == SubjectTypes.Need && n.SubjectId == need).ToListAsync(Ct);
        Assert.Equal([(resident, "needClaimAccepted")], rows.Select(n => (n.RecipientId, n.Kind)));
    }

    [Fact]
    public async Task ARedeliveredEvent_NotifiesOnce()
    {
        var resident = Guid.CreateVersion7();
        var need = app.Needs.Add(resident);
        var claimed = Claimed(need, Guid.CreateVersion7());
        using var deliveries = new Deliveries(app.Host.Services);

        await app.PublishAsync(claimed);
        await app.PublishAsync(claimed);
        await deliveries.ConsumedAsync(claimed.EventId, 2);

        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.RecipientId == resident, Ct));
    }

    [Fact]
    public async Task TheInbox_ListsUnreadFirst_ThenNewestFirst_InKeysetPages()
    {
        var resident = Guid.CreateVersion7();
        var client = app.As(resident);
        var needs = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var need = app.Needs.Add(resident, $"需求{i}");
            needs.Add(need);
            await app.PublishAsync(new NeedExpired(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, "wanda", "wanda-01"));
        }

        var ids = await IdsAsync(client);
        // The oldest and the second newest are read: they go to the end, newest first among themselves.
        foreach (var read in new[] { ids[4], ids[1] })
        {
            (await client.PostAsync($"/notifications/{read}/read", null, Ct)).EnsureSuccessStatusCode();
        }

        var seen = new List<(Guid Id, bool Read)>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await NotificationsApp.InboxAsync(client, next is null ? "?limit=2" : $"?limit=2&after={next}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetGuid(), i.GetProperty("read").GetBoolean())));
            next = page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null);

        Assert.Equal([(ids[0], false), (ids[2], false), (ids[3], false), (ids[1], true), (ids[4], true)], seen);
        Assert.Equal(3, pages);
        using var unknown = await client.GetAsync("/notifications?after=bm90LWEtY3Vyc29y", Ct);
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task MarkingOneRead_AndAllRead_CountsDownTheUnread()
    {
        var resident = Guid.CreateVersion7();
        var client = app.As(resident);
        var need = app.Needs.Add(resident);
        await app.PublishAsync(Claimed(need, Guid.CreateVersion7()));
        await app.PublishAsync(new NeedStarted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, ClaimantKind.Volunteer, Guid.CreateVersion7(), Guid.CreateVersion7()));
        await app.PublishAsync(new NeedCompleted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, ClaimantKind.Volunteer, Guid.CreateVersion7(), null, []));
        Assert.Equal(3, await NotificationsApp.UnreadAsync(client));

        var ids = await IdsAsync(client);
        (await client.PostAsync($"/notifications/{ids[0]}/read", null, Ct)).EnsureSuccessStatusCode();
        // Again: no change, no error.
        (await client.PostAsync($"/notifications/{ids[0]}/read", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(2, await NotificationsApp.UnreadAsync(client));

        using var all = await client.PostAsync("/notifications/read-all", null, Ct);
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("marked").GetInt32());
        Assert.Equal(0, await NotificationsApp.UnreadAsync(client));
        Assert.All((await NotificationsApp.InboxAsync(client)).GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("read").GetBoolean()));
    }

    [Fact]
    public async Task AnotherPersonsNotification_IsNotFound_AndStaysUnread()
    {
        var resident = Guid.CreateVersion7();
        var stranger = app.As(Guid.CreateVersion7());
        await app.PublishAsync(Claimed(app.Needs.Add(resident), Guid.CreateVersion7()));
        var id = (await IdsAsync(app.As(resident)))[0];

        using var response = await stranger.PostAsync($"/notifications/{id}/read", null, Ct);
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "notification_not_found");
        using var readAll = await stranger.PostAsync("/notifications/read-all", null, Ct);
        readAll.EnsureSuccessStatusCode();

        Assert.Equal(1, await NotificationsApp.UnreadAsync(app.As(resident)));
        Assert.Empty((await NotificationsApp.InboxAsync(stranger)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task WithAcceptLanguageEn_TheTextsAreEnglish()
    {
        var resident = Guid.CreateVersion7();
        var (volunteer, _) = await app.Identity.SignUpAsync("Li Wei");
        await app.PublishAsync(Claimed(app.Needs.Add(resident, "Broken clock"), volunteer));
        var client = app.As(resident);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var item = Assert.Single((await NotificationsApp.InboxAsync(client)).GetProperty("items").EnumerateArray());
        Assert.Equal("Your need was claimed", item.GetProperty("title").GetString());
        Assert.Equal("Li Wei claimed “Broken clock”. Accept or decline the claim.", item.GetProperty("body").GetString());
    }

    [Fact]
    public async Task AnErasedVolunteersNotifications_AreDeleted_AndOthersAboutThemStay()
    {
        var resident = Guid.CreateVersion7();
        var volunteer = Guid.CreateVersion7();
        var need = app.Needs.Add(resident);
        await app.PublishAsync(new NeedClaimAccepted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, ClaimantKind.Volunteer, volunteer, null, resident));
        Assert.Equal(1, await NotificationsApp.UnreadAsync(app.As(volunteer)));

        await app.PublishAsync(new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda"));

        await using var db = app.CreateDbContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientId == volunteer, Ct));
        Assert.Equal(1, await NotificationsApp.UnreadAsync(app.As(resident)));

        // An event about them that comes after the erasure notifies no one: the tombstone holds.
        await app.PublishAsync(new NeedClaimDeclined(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, ClaimantKind.Volunteer, volunteer, resident));
        Assert.Equal(0, await NotificationsApp.UnreadAsync(app.As(volunteer)));
        Assert.True(await db.ErasedPeople.AnyAsync(e => e.PersonId == volunteer, Ct));
    }

    private static NeedClaimed Claimed(Guid need, Guid volunteer) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, volunteer, ClaimantKind.Volunteer, volunteer);

    private static async Task<IReadOnlyList<Guid>> IdsAsync(HttpClient person) =>
        [.. (await NotificationsApp.InboxAsync(person, "?limit=100")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
