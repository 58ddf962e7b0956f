using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>
/// The sweeps of issue 12, generated from Points' route table. No one earns points through the API; a
/// street admin picks stars, which moves none, and decides flags, which may only take a credit back.
/// </summary>
public sealed class SweepTests(PointsApp app) : SweepTests<Service>(app), IClassFixture<PointsApp>
{
    [Fact]
    public void NoPublicRoute_WritesPoints() =>
        Assert.DoesNotContain(RouteTable.Of(app.Host.Services), r => r.IsWrite && r.Access is not AccessClass.Internal
            && r.ToString() is not ("POST /points/stars/{year:int}" or "POST /points/flags/{id:guid}/decision"));

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherPerson_AndACommunityAdmin()
    {
        var (owner, ownerClient) = await app.SignInAsync();
        await app.OpenAccountAsync(owner);
        var sample = Sample(owner);
        // A real open flag on the owner's credit: a decision that slipped through would take it back and publish.
        var need = Events.NeedConfirmed([new(owner, 5m, 0m)], by: Contracts.Needs.NeedConfirmer.Timer, took: TimeSpan.FromHours(5));
        await app.PublishAsync(need);
        await app.WaitForEntriesAsync(need.NeedId, 1);
        await using (var db = app.CreateDbContext())
        {
            sample.RouteValues["id"] = (await db.Flags.SingleAsync(f => f.SourceId == need.NeedId, TestContext.Current.CancellationToken)).Id.ToString();
        }

        sample.Readers["GET /points/accounts/{volunteerId:guid}"] = ownerClient;
        sample.Readers["GET /points/accounts/{volunteerId:guid}/ledger"] = ownerClient;
        var (_, stranger) = await app.SignInAsync();
        var (_, communityAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
        await Sweeps.BolaAsync(app.Host.Services, communityAdmin, app.DatabaseConnectionString, sample);
    }

    protected override Task<SweepSample> SampleAsync() => Task.FromResult(Sample(Guid.CreateVersion7()));

    private static SweepSample Sample(Guid owner)
    {
        var sample = new SweepSample();
        sample.RouteValues["volunteerId"] = owner.ToString();
        sample.RouteValues["year"] = "2030";
        sample.RouteValues["id"] = Guid.CreateVersion7().ToString();
        sample.Bodies["POST /points/stars/{year:int}"] = new { volunteerId = owner, citation = "全年服务" };
        sample.Bodies["POST /points/flags/{id:guid}/decision"] = new { outcome = "upheld", reason = "核实为虚报" };
        // Other classes' events (one broker per project) open accounts, credit points (and publish PointsCredited),
        // hold early adjustments, erase volunteers and raise flags here too.
        sample.EventFedTables.AddRange([
            "accounts", "ledger_entries", "need_confirmations", "activity_confirmations", "known_accounts", "flags", "pending_adjustments", "erased_volunteers",
            "monthly_earnings", "outbox",
        ]);
        return sample;
    }
}
