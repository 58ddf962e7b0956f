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
    /// need in some state, a need of its own in that state, and who may rightly write there.
    /// </summary>
    protected override async Task<SweepSample> SampleAsync()
    {
        var (need, resident) = await app.PostNeedAsync();
        var sample = new SweepSample();
        sample.RouteValues["id"] = need.ToString();
        sample.Bodies["POST /needs"] = NeedsApp.NeedBody("帮忙换灯泡");
        sample.Writers["POST /needs"] = (await app.SignInAsync()).Client;

        var (_, claimer) = await app.VerifiedVolunteerAsync();
        Route("POST /needs/{id:guid}/claims", (await app.PostNeedAsync()).Need, claimer, new { });
        // No Merchants runs beside Needs here, so the merchant's claim is swept with a body that names no merchant (400).
        var merchantStaff = app.WithToken(IdentityApp.MintToken(Guid.CreateVersion7(), [Alliance.ServiceDefaults.Security.Roles.MerchantStaff],
            claims: new Dictionary<string, object> { [Alliance.ServiceDefaults.Security.AllianceClaims.MerchantId] = Guid.CreateVersion7().ToString() }));
        Route("POST /needs/{id:guid}/merchant-claims", (await app.PostNeedAsync()).Need, merchantStaff, new { });

        var (team, _, leader, leaderInTeams) = await app.TeamAsync();
        var (member, _) = await app.MemberAsync(team, leaderInTeams);
        var (teamNeed, _) = await app.PostNeedAsync();
        await leader.Must($"/needs/{teamNeed}/claims", new { teamId = team });
        Route("PUT /needs/{id:guid}/helpers", teamNeed, leader, new { volunteerIds = new[] { member } });

        var (claimed, _) = await app.PostNeedAsync();
        var (_, claimant) = await app.VerifiedVolunteerAsync();
        await claimant.Must($"/needs/{claimed}/claims");
        Route("POST /needs/{id:guid}/release", claimed, claimant, new { reason = "临时有事" });

        var (inProgress, _, volunteerId, volunteer) = await app.AcceptedAsync(start: true);
        // Work that began two hours ago (its stored times moved back), so the rightful 2 h completion is accepted.
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, inProgress, TimeSpan.FromHours(2));
        Route("POST /needs/{id:guid}/completion", inProgress, volunteer, NeedSteps.Hours((volunteerId, 2m, 0m)));

        foreach (var (route, body) in new (string, object)[] { ("POST /needs/{id:guid}/confirmation", new { rating = 5, comment = "谢谢" }), ("POST /needs/{id:guid}/dispute", new { reason = "没修好" }) })
        {
            var (completed, requester, helperId, helper) = await app.AcceptedAsync(start: true);
            await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, completed, TimeSpan.FromHours(1));
            await helper.Must($"/needs/{completed}/completion", NeedSteps.Hours((helperId, 1m, 0m)));
            Route(route, completed, requester, body);
        }

        var (disputed, disputer, disputedHelperId, disputedHelper) = await app.AcceptedAsync(start: true);
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, disputed, TimeSpan.FromHours(1));
        await disputedHelper.Must($"/needs/{disputed}/completion", NeedSteps.Hours((disputedHelperId, 1m, 0m)));
        await disputer.Must($"/needs/{disputed}/dispute", new { reason = "没修好" });
        Route("POST /needs/{id:guid}/dispute/resolution", disputed, app.WithToken(NeedsApp.Admin(Roles.CommunityAdmin, "wanda")), new { outcome = "confirmed", note = "核实" });

        // The cancellation is destructive: it acts on a need of its own, so later routes keep an open sample.
        sample.RouteValuesOf["POST /needs/{id:guid}/cancellation"] = new() { ["id"] = (await app.PostNeedAsync()).Need.ToString() };
        _ = resident;
        return sample;

        void Route(string route, Guid id, HttpClient writer, object body)
        {
            sample.RouteValuesOf[route] = new() { ["id"] = id.ToString() };
            sample.Writers[route] = writer;
            sample.Bodies[route] = body;
        }
    }
}
