using System.Net;
using System.Net.Http.Json;
using Alliance.Contracts.Needs;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// Issue 20's "no one vouches for themselves", tried as an attacker would through the API with real
/// tokens: each attempt is refused with its code, and Needs' database and outbox are unchanged.
/// </summary>
[Collection(nameof(AttackTests))]
public sealed class SelfVouchingTests(NeedsApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AGridWorkerWhoPostedForAResident_CannotClaimIt_AsAVolunteer_OrForATeamTheyLead()
    {
        var (_, token, worker) = await app.CoveringVolunteerAsync(Roles.GridWorker);
        var team = await app.LeadTeamAsync(token);
        var (need, _) = await app.PostForAssistedResidentAsync(worker);
        var before = await app.FingerprintAsync();

        var asVolunteer = await worker.Send($"/needs/{need}/claims");
        var forTeam = await worker.Send($"/needs/{need}/claims", new { teamId = team });

        await asVolunteer.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_claim_own_need");
        await forTeam.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_claim_own_need");
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(NeedStatus.Open, (await NeedAsync(need)).Status);
    }

    [Fact]
    public async Task ATeamLeader_CannotSendThePosterAsAHelper_OfTheNeedTheyPosted()
    {
        var (workerId, workerToken, worker) = await app.CoveringVolunteerAsync(Roles.GridWorker);
        var (_, leader) = await app.VolunteerAsync("王殿海");
        var team = await app.LeadTeamAsync(People.TokenOf(leader));
        await app.JoinTeamAsync(team, workerToken, People.TokenOf(leader));
        var (need, _) = await app.PostForAssistedResidentAsync(worker);
        await leader.Must($"/needs/{need}/claims", new { teamId = team });
        var before = await app.FingerprintAsync();

        var assigned = await leader.PutAsJsonAsync($"/needs/{need}/helpers", new { volunteerIds = new[] { workerId } }, Ct);

        var problem = await assigned.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_help_own_need");
        Assert.Equal(workerId.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Empty((await NeedAsync(need)).AssignedHelperIds);
    }

    [Fact]
    public async Task AGridWorkerWhoClaimed_CannotAcceptTheirOwnClaim_NorConfirmTheirOwnWork()
    {
        var (_, poster) = await app.SignInAsAsync(Roles.GridWorker, "wanda", "wanda-01");
        var (claimantId, _, claimant) = await app.CoveringVolunteerAsync(Roles.GridWorker, name: "黄志强");
        var (need, _) = await app.PostForAssistedResidentAsync(poster);
        await claimant.Must($"/needs/{need}/claims");
        var beforeAcceptance = await app.FingerprintAsync();

        var acceptedByClaimant = await claimant.Send($"/needs/{need}/acceptance");

        await acceptedByClaimant.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_accept_own_claim");
        Assert.Equal(beforeAcceptance, await app.FingerprintAsync());

        // The other grid worker of the cell accepts; the work is done three hours long.
        await poster.Must($"/needs/{need}/acceptance");
        await claimant.Must($"/needs/{need}/start");
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(3));
        await claimant.Must($"/needs/{need}/completion", NeedSteps.Hours((claimantId, 3m, 0m)));
        var beforeConfirmation = await app.FingerprintAsync();

        var confirmedByClaimant = await claimant.Send($"/needs/{need}/confirmation", new { rating = 5, comment = "我自己评的" });

        await confirmedByClaimant.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_confirm_own_work");
        Assert.Equal(beforeConfirmation, await app.FingerprintAsync());
        Assert.Empty(await app.PublishedAsync<NeedConfirmed>(e => e.NeedId == need));
        Assert.Equal("confirmed", (await poster.Must($"/needs/{need}/confirmation", new { rating = 4 })).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACommunityAdminWhoDidTheWork_CannotResolveItsDispute_ButAnotherAdminMay()
    {
        var (need, resident) = await app.PostNeedAsync();
        var (adminId, _, admin) = await app.CoveringVolunteerAsync(Roles.CommunityAdmin, name: "周丽萍");
        await admin.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/acceptance");
        await admin.Must($"/needs/{need}/start");
        await StoredTimes.MoveNeedBackAsync(app.DatabaseConnectionString, need, TimeSpan.FromHours(2));
        await admin.Must($"/needs/{need}/completion", NeedSteps.Hours((adminId, 2m, 0m)));
        await resident.Must($"/needs/{need}/dispute", new { reason = "只待了半小时" });
        var before = await app.FingerprintAsync();

        var confirmed = await admin.Send($"/needs/{need}/dispute/resolution", new { outcome = "confirmed", note = "我核实过了" });
        var cancelled = await admin.Send($"/needs/{need}/dispute/resolution", new { outcome = "cancelled", note = "撤销" });

        await confirmed.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_resolve_own_work");
        await cancelled.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "cannot_resolve_own_work");
        Assert.Equal(before, await app.FingerprintAsync());
        using var streetAdmin = await app.Identity.StreetAdminClientAsync(app.Host.HttpAddress);
        await streetAdmin.Must($"/needs/{need}/dispute/resolution", new { outcome = "confirmed", helpers = new[] { new { volunteerId = adminId, hours = 0.5m, nightHours = 0m } }, note = "按半小时计" });
        Assert.Equal(0.5m, Assert.Single((await NeedAsync(need)).Helpers).Hours);
    }

    private async Task<Need> NeedAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, Ct);
    }
}
