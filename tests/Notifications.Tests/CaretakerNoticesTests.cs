using System.Text.Json;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;
using Alliance.Notifications.Notices;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Notifications.Tests;

/// <summary>
/// Notices to the people who look after a place (its grid workers and community admins, asked of the
/// real Identity) and to a team's leader and deputies. Each test uses its own community and cells:
/// who holds a place's role is kept for a minute.
/// </summary>
public sealed class CaretakerNoticesTests(NotificationsApp app) : IClassFixture<NotificationsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEscalatedClaim_ReachesTheCellsGridWorkersAndTheCommunitysAdmins_Once_AndNoOtherCell()
    {
        var (worker, _) = await app.Identity.SignedInAsAsync("grid-worker", gridIds: ["xintang-01"]);
        var (otherCell, _) = await app.Identity.SignedInAsAsync("grid-worker", gridIds: ["xintang-02"]);
        var (admin, _) = await app.Identity.SignedInAsAsync("community-admin", communityId: "xintang");
        var (volunteer, _) = await app.Identity.SignUpAsync("李志愿");
        var resident = Guid.CreateVersion7();
        var need = app.Needs.Add(resident, "帮忙换灯泡", urgency: "emergency");
        var escalated = new NeedClaimEscalated(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, need, resident, "xintang", "xintang-01", ClaimantKind.Volunteer, volunteer, DateTimeOffset.UtcNow.AddHours(-3));

        await app.PublishAsync(escalated);
        await app.PublishAsync(escalated);

        var toWorker = Assert.Single(await ItemsAsync(worker));
        Assert.Equal(("claimEscalated", need), (toWorker.GetProperty("kind").GetString(), toWorker.GetProperty("needId").GetGuid()));
        Assert.Equal("李志愿认领了“帮忙换灯泡”，居民未在时限内回应，请协助处理。", toWorker.GetProperty("body").GetString());
        Assert.Equal("claimEscalated", Assert.Single(await ItemsAsync(admin)).GetProperty("kind").GetString());
        Assert.Empty(await ItemsAsync(otherCell));
        // An emergency need's escalation: quiet hours will not hold it.
        await using var db = app.CreateDbContext();
        Assert.True((await db.Notifications.SingleAsync(n => n.RecipientId == worker, Ct)).Urgent);
    }

    [Fact]
    public async Task ANeedPostedForAnAssistedResident_ReachesTheOtherCaretakers_NotTheOneWhoPostedIt_AndAResidentsOwnNeedNoOne()
    {
        var (poster, _) = await app.Identity.SignedInAsAsync("grid-worker", gridIds: ["daguanmingyuan-01"]);
        var (colleague, _) = await app.Identity.SignedInAsAsync("grid-worker", gridIds: ["daguanmingyuan-01"]);
        var (admin, _) = await app.Identity.SignedInAsAsync("community-admin", communityId: "daguanmingyuan");
        var (resident, _) = await app.Identity.SignUpAsync("张阿婆");
        var assisted = app.Needs.Add(resident, "陪同就医");
        var own = app.Needs.Add(resident, "自己发的需求");

        await app.PublishAsync(new NeedPosted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, assisted, resident, "escort", "daguanmingyuan", "daguanmingyuan-01", "normal", poster));
        await app.PublishAsync(new NeedPosted(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, own, resident, "errands", "daguanmingyuan", "daguanmingyuan-01", "normal", resident));

        var toColleague = Assert.Single(await ItemsAsync(colleague));
        Assert.Equal(("assistedNeedPosted", "已为张阿婆发布需求“陪同就医”。"), (toColleague.GetProperty("kind").GetString(), toColleague.GetProperty("body").GetString()));
        Assert.Equal(assisted, Assert.Single(await ItemsAsync(admin)).GetProperty("needId").GetGuid());
        Assert.Empty(await ItemsAsync(poster));
        Assert.Empty(await ItemsAsync(resident));
    }

    [Fact]
    public async Task AnOverdueVisit_ReachesTheCellsCaretakers_NamingTheVolunteerAndTheDayItWasDue()
    {
        var (worker, _) = await app.Identity.SignedInAsAsync("grid-worker", gridIds: ["jingxing-01"]);
        var (volunteer, _) = await app.Identity.SignUpAsync("周结对");
        var pairing = Guid.CreateVersion7();
        var due = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

        await app.PublishAsync(new PairingVisitOverdue(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, pairing, volunteer, Guid.CreateVersion7(), "jingxing", "jingxing-01", due, null, 1));

        var item = Assert.Single(await ItemsAsync(worker));
        Assert.Equal(("pairingVisitOverdue", "pairing", pairing), (item.GetProperty("kind").GetString(), item.GetProperty("subject").GetProperty("type").GetString(), item.GetProperty("subject").GetProperty("id").GetGuid()));
        // 02:00 UTC is 10:00 in the street.
        Assert.Equal("周结对应于2026-11-30 10:00完成的探访尚未进行。", item.GetProperty("body").GetString());
    }

    [Fact]
    public async Task AJoinRequestAndAnHoursDispute_ReachTheLeaderAndDeputies_NotTheMembers()
    {
        var (volunteer, _) = await app.Identity.SignUpAsync("吴申请");
        var leader = Guid.CreateVersion7();
        var deputy = Guid.CreateVersion7();
        var member = Guid.CreateVersion7();
        var team = app.Neighbours.AddTeam("守护蓝小队", leader, [deputy], [member]);
        var activity = Guid.CreateVersion7();

        await app.PublishAsync(new TeamJoinRequested(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, team, Guid.CreateVersion7(), volunteer));
        await app.PublishAsync(new ActivityHoursDisputed(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, activity, team, volunteer));

        foreach (var head in new[] { leader, deputy })
        {
            var items = await ItemsAsync(head);
            var byKind = items.ToDictionary(i => i.GetProperty("kind").GetString()!, i => i);
            Assert.Equal(["hoursDisputed", "joinRequested"], byKind.Keys.Order());
            Assert.Equal("吴申请申请加入守护蓝小队，请审核。", byKind["joinRequested"].GetProperty("body").GetString());
            Assert.Equal(("team", team), (byKind["joinRequested"].GetProperty("subject").GetProperty("type").GetString(), byKind["joinRequested"].GetProperty("subject").GetProperty("id").GetGuid()));
            Assert.Equal(activity, byKind["hoursDisputed"].GetProperty("subject").GetProperty("id").GetGuid());
        }

        Assert.Empty(await ItemsAsync(member));
        Assert.Empty(await ItemsAsync(volunteer));
    }

    [Fact]
    public async Task AnErasedLeader_IsNotTold()
    {
        var leader = Guid.CreateVersion7();
        var deputy = Guid.CreateVersion7();
        var team = app.Neighbours.AddTeam("银发互助队", leader, [deputy], []);
        await app.PublishAsync(new VolunteerErased(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, leader, "wanda"));

        await app.PublishAsync(new TeamJoinRequested(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, team, Guid.CreateVersion7(), Guid.CreateVersion7()));

        Assert.Single(await ItemsAsync(deputy));
        await using var db = app.CreateDbContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.RecipientId == leader, Ct));
    }

    private async Task<IReadOnlyList<JsonElement>> ItemsAsync(Guid person) =>
        [.. (await NotificationsApp.InboxAsync(app.As(person), "?limit=100")).GetProperty("items").EnumerateArray()];
}
