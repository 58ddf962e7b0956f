using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The sweeps of issue 12, generated from Needs' route table.</summary>
public sealed class SweepTests(NeedsApp app) : SweepTests<Service>(app), IClassFixture<NeedsApp>
{
    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherPerson_AndAnAdminOfAnotherCommunity()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignInAsync();
        var (_, otherAdmin) = await app.SignInAsAsync(Roles.CommunityAdmin, "fushun");

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
        await Sweeps.BolaAsync(app.Host.Services, otherAdmin, app.DatabaseConnectionString, sample);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    /// <summary>
    /// An open need of a 万达 resident who is not the sweeping caller; for each write that acts on a
    /// need in some state, a need of its own in that state, and who may rightly write there. Each of
    /// those needs is made apart from the others, so they are made at once.
    /// </summary>
    protected override async Task<SweepSample> SampleAsync()
    {
        var open = app.PostNeedAsync();
        var poster = app.SignInAsync();
        // The cancellation is destructive: it acts on a need of its own, so later routes keep an open sample.
        var cancellable = app.PostNeedAsync();
        var writes = await Task.WhenAll(
            ClaimAsync(), MerchantClaimAsync(), HelpersAsync(), ReleaseAsync(), CompletionAsync(),
            CompletedAsync("POST /needs/{id:guid}/confirmation", new { rating = 5, comment = "谢谢" }),
            CompletedAsync("POST /needs/{id:guid}/dispute", new { reason = "没修好" }),
            DisputeResolutionAsync());

        var sample = new SweepSample();
        // Other classes revoke and rotate partner clients at any time; every fixture hears PartnerClientRevoked.
        sample.EventFedTables.Add("revoked_clients");
        sample.RouteValues["id"] = (await open).Need.ToString();
        sample.Bodies["POST /needs"] = NeedsApp.NeedBody("帮忙换灯泡");
        sample.Writers["POST /needs"] = (await poster).Client;
        sample.RouteValuesOf["POST /needs/{id:guid}/cancellation"] = new() { ["id"] = (await cancellable).Need.ToString() };
        foreach (var (route, need, writer, body) in writes)
        {
            sample.RouteValuesOf[route] = new() { ["id"] = need.ToString() };
            sample.Writers[route] = writer;
            sample.Bodies[route] = body;
        }

        return sample;
    }

    private async Task<Write> ClaimAsync()
    {
        var (_, claimer) = await app.VerifiedVolunteerAsync();
        return new("POST /needs/{id:guid}/claims", (await app.PostNeedAsync()).Need, claimer, new { });
    }

    /// <summary>No Merchants runs beside Needs here, so the merchant's claim is swept with a body that names no merchant (400).</summary>
    private async Task<Write> MerchantClaimAsync()
    {
        var merchantStaff = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Roles.MerchantStaff],
            claims: new Dictionary<string, object> { [AllianceClaims.MerchantId] = Guid.CreateVersion7().ToString() }));
        return new("POST /needs/{id:guid}/merchant-claims", (await app.PostNeedAsync()).Need, merchantStaff, new { });
    }

    private async Task<Write> HelpersAsync()
    {
        var (team, _, leader, leaderInTeams) = await app.TeamAsync();
        var (member, _) = await app.MemberAsync(team, leaderInTeams);
        var (teamNeed, _) = await app.PostNeedAsync();
        await leader.Must($"/needs/{teamNeed}/claims", new { teamId = team });
        return new("PUT /needs/{id:guid}/helpers", teamNeed, leader, new { volunteerIds = new[] { member } });
    }

    private async Task<Write> ReleaseAsync()
    {
        var (claimed, _) = await app.PostNeedAsync();
        var (_, claimant) = await app.VerifiedVolunteerAsync();
        await claimant.Must($"/needs/{claimed}/claims");
        return new("POST /needs/{id:guid}/release", claimed, claimant, new { reason = "临时有事" });
    }

    private async Task<Write> CompletionAsync()
    {
        var (inProgress, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        // Work that began two hours ago (its stored times moved back), so the rightful 2 h completion is accepted.
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, inProgress, TimeSpan.FromHours(2));
        return new("POST /needs/{id:guid}/completion", inProgress, volunteer, NeedSteps.Hours((volunteerId, 2m, 0m)));
    }

    /// <summary>A completed need, for the requester's <paramref name="route"/>.</summary>
    private async Task<Write> CompletedAsync(string route, object body)
    {
        var (completed, requester, _) = await CompletedNeedAsync();
        return new(route, completed, requester, body);
    }

    private async Task<Write> DisputeResolutionAsync()
    {
        var (disputed, disputer, _) = await CompletedNeedAsync();
        await disputer.Must($"/needs/{disputed}/dispute", new { reason = "没修好" });
        return new("POST /needs/{id:guid}/dispute/resolution", disputed, app.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, "wanda")),
            new { outcome = "confirmed", note = "核实" });
    }

    /// <summary>A need whose helper reported an hour of work that began an hour ago.</summary>
    private async Task<(Guid Need, HttpClient Requester, HttpClient Helper)> CompletedNeedAsync()
    {
        var (need, requester, helperId, helper) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(1));
        await helper.Must($"/needs/{need}/completion", NeedSteps.Hours((helperId, 1m, 0m)));
        return (need, requester, helper);
    }

    /// <summary>A write route of the sweep: the need it acts on, who may rightly call it, and a valid body.</summary>
    private sealed record Write(string Route, Guid Need, HttpClient Writer, object Body);
}
