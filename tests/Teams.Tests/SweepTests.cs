using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Alliance.Testing.Sweeps;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>The sweeps of issue 12, generated from Teams' route table.</summary>
public sealed class SweepTests(TeamsApp app) : SweepTests<Service>(app), IClassFixture<TeamsApp>
{
    [Fact]
    public void NoRequestType_CarriesStateOrOwnerFields() => Sweeps.RequestTypesCarryNoForbiddenFields(app.Host.Services);

    [Fact]
    public async Task EveryOwnerOrScopedRoute_RefusesAnotherVolunteer()
    {
        var sample = await SampleAsync();
        var (_, stranger) = await app.SignInAsVolunteerAsync();

        Assert.True(await Sweeps.BolaAsync(app.Host.Services, stranger, app.DatabaseConnectionString, sample) > 0);
    }

    [Fact]
    public async Task InjectedStateAndOwnerFields_AreIgnored() => await Sweeps.InjectedFieldsAreIgnoredAsync(app.Host.Services, await SampleAsync());

    /// <summary>
    /// A team led by a volunteer who is not the sweeping caller, with a member, a pending request
    /// and invitation, and an activity the member signed up for and checked in to; its leader and
    /// that member may write to them.
    /// </summary>
    protected override async Task<SweepSample> SampleAsync()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (member, memberClient) = await app.VerifiedVolunteerAsync();
        var (_, applicant) = await app.VerifiedVolunteerAsync();
        var (invitee, _) = await app.VerifiedVolunteerAsync();
        var (toInvite, _) = await app.VerifiedVolunteerAsync();
        var invited = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = member });
        (await memberClient.PostAsync($"{invited.Headers.Location!.OriginalString}/acceptance", null)).EnsureSuccessStatusCode();
        var request = await IdOfAsync(await applicant.PostAsync($"/teams/{team}/join-requests", null));
        var invitation = await IdOfAsync(await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invitee }));
        var activity = await TeamsApp.ActivityAsync(leader, team);
        (await memberClient.PostAsync($"/teams/activities/{activity}/sign-ups", null)).EnsureSuccessStatusCode();
        var code = (await leader.GetFromJsonAsync<JsonElement>($"/teams/activities/{activity}/check-in-code")).GetProperty("code").GetString();
        (await leader.PostAsync($"/teams/activities/{activity}/sign-ups/{member}/check-in", null)).EnsureSuccessStatusCode();

        var sample = new SweepSample();
        sample.RouteValues["id"] = team.ToString();
        sample.RouteValues["requestId"] = request.ToString();
        sample.RouteValues["invitationId"] = invitation.ToString();
        sample.RouteValues["volunteerId"] = member.ToString();
        sample.RouteValues["activityId"] = activity.ToString();
        sample.Bodies["POST /teams"] = new { name = $"守护蓝{Guid.NewGuid():N}"[..10], communityId = "wanda" };
        sample.Writers["POST /teams"] = app.MintedVolunteer().Client;
        sample.Bodies["PATCH /teams/{id:guid}"] = new { name = $"五老红{Guid.NewGuid():N}"[..10] };
        sample.Writers["PATCH /teams/{id:guid}"] = leader;
        sample.Bodies["POST /teams/{id:guid}/invitations"] = new { volunteerId = toInvite };
        sample.Writers["POST /teams/{id:guid}/invitations"] = leader;
        sample.Bodies["PATCH /teams/{id:guid}/members/{volunteerId:guid}"] = new { role = "deputy" };
        sample.Writers["PATCH /teams/{id:guid}/members/{volunteerId:guid}"] = leader;
        sample.Bodies["POST /teams/{id:guid}/squads"] = new { name = $"小分队{Guid.NewGuid():N}"[..10] };
        sample.Writers["POST /teams/{id:guid}/squads"] = leader;
        var start = DateTimeOffset.UtcNow.AddDays(2);
        sample.Bodies["POST /teams/{id:guid}/activities"] = new { title = "义诊", kindId = "home_repair", place = "万达社区服务中心", startsAt = start, endsAt = start.AddHours(2), capacity = 5 };
        sample.Writers["POST /teams/{id:guid}/activities"] = leader;
        sample.Bodies["POST /teams/activities/{activityId:guid}/check-in"] = new { code };
        sample.Writers["POST /teams/activities/{activityId:guid}/check-in"] = memberClient;
        sample.Bodies["POST /teams/activities/{activityId:guid}/check-out"] = new { code };
        sample.Writers["POST /teams/activities/{activityId:guid}/check-out"] = memberClient;
        // The activity has not ended, so hours and disputes are sent with a body that breaks a field rule (400).
        sample.Bodies["POST /teams/activities/{activityId:guid}/hours"] = new { attendees = Array.Empty<object>() };
        sample.Writers["POST /teams/activities/{activityId:guid}/hours"] = leader;
        sample.Bodies["POST /teams/activities/{activityId:guid}/disputes"] = new { reason = "" };
        sample.Writers["POST /teams/activities/{activityId:guid}/disputes"] = memberClient;
        sample.Bodies["POST /teams/activities/{activityId:guid}/disputes/{volunteerId:guid}/answer"] = new { reason = "" };
        sample.Writers["POST /teams/activities/{activityId:guid}/disputes/{volunteerId:guid}/answer"] = leader;
        sample.Bodies["PATCH /teams/activities/{activityId:guid}"] = new { title = "义诊（改期）", capacity = 12 };
        sample.Writers["PATCH /teams/activities/{activityId:guid}"] = leader;
        // Cancelling, removing a member and handing over end what they act on, so each acts on its own
        // object (another activity, another member, another team) and the sample stays whole.
        const string cancellation = "POST /teams/activities/{activityId:guid}/cancellation";
        sample.RouteValuesOf[cancellation] = new() { ["activityId"] = (await TeamsApp.ActivityAsync(leader, team)).ToString() };
        sample.Bodies[cancellation] = new { reason = "场地临时不能使用" };
        sample.Writers[cancellation] = leader;
        const string removal = "POST /teams/{id:guid}/members/{volunteerId:guid}/removal";
        sample.RouteValuesOf[removal] = new() { ["volunteerId"] = (await MemberOfAsync(team, leader)).ToString() };
        sample.Bodies[removal] = new { reason = "长期联系不上" };
        sample.Writers[removal] = leader;
        var (otherTeam, _, otherLeader) = await app.TeamAsync();
        const string handover = "POST /teams/{id:guid}/handover";
        sample.RouteValuesOf[handover] = new() { ["id"] = otherTeam.ToString() };
        sample.Bodies[handover] = new { volunteerId = await MemberOfAsync(otherTeam, otherLeader) };
        sample.Writers[handover] = otherLeader;
        // Approval acts on a team of its own that waits for it, so the sample's team is not what changes.
        var (waiting, _, _) = await app.TeamAsync(approved: false);
        sample.RouteValuesOf["POST /teams/{id:guid}/approval"] = new() { ["id"] = waiting.ToString() };
        // Other classes' NeedConfirmed and Volunteers' standing events land in every Teams fixture's consumers (one broker per project).
        sample.EventFedTables.AddRange(TeamsApp.EventFedTables);
        return sample;
    }

    /// <summary>A new verified volunteer, invited by the leader and accepting.</summary>
    private async Task<Guid> MemberOfAsync(Guid team, HttpClient leader)
    {
        var (member, client) = await app.VerifiedVolunteerAsync();
        var invited = await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = member });
        (await client.PostAsync($"{invited.Headers.Location!.OriginalString}/acceptance", null)).EnsureSuccessStatusCode();
        return member;
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
