using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Xunit;

namespace Alliance.Teams.Tests;

/// <summary>
/// The events people are told of (a join request, a sign-up and its withdrawal, a changed activity, a
/// disputed hour): raised once with the change, ids and times only, and never by a request refused.
/// </summary>
public sealed class NoticeEventsTests(TeamsApp app) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AJoinRequest_RaisesTeamJoinRequestedOnce_AndAnInvitationOrASecondRequestNone()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (asking, askingClient) = await app.VerifiedVolunteerAsync();
        var (invited, _) = await app.VerifiedVolunteerAsync();

        var request = await IdOfAsync(await askingClient.PostAsync($"/teams/{team}/join-requests", null, Ct));
        var again = await askingClient.PostAsync($"/teams/{team}/join-requests", null, Ct);
        (await leader.PostAsJsonAsync($"/teams/{team}/invitations", new { volunteerId = invited }, Ct)).EnsureSuccessStatusCode();

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "membership_pending");
        var raised = Assert.Single(await app.PublishedAsync<TeamJoinRequested>(e => e.TeamId == team));
        Assert.Equal((request, asking), (raised.MembershipId, raised.VolunteerId));
    }

    [Fact]
    public async Task SigningUp_ForAPlaceOrTheWaitlist_AndGivingItUp_RaiseOneEventEach()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 1);
        var (first, firstClient) = await app.VerifiedVolunteerAsync();
        var (second, secondClient) = await app.VerifiedVolunteerAsync();

        (await firstClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        (await secondClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct)).EnsureSuccessStatusCode();
        var twice = await firstClient.PostAsync($"/teams/activities/{activity}/sign-ups", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await firstClient.DeleteAsync($"/teams/activities/{activity}/sign-up", Ct)).StatusCode);

        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "already_signed_up");
        var signedUp = await app.PublishedAsync<ActivitySignedUp>(e => e.ActivityId == activity);
        Assert.Equal(
            new Dictionary<Guid, bool> { [first] = false, [second] = true },
            signedUp.ToDictionary(e => e.VolunteerId, e => e.Waitlisted));
        Assert.All(signedUp, e => Assert.Equal(team, e.TeamId));
        Assert.Equal(first, Assert.Single(await app.PublishedAsync<ActivitySignUpWithdrawn>(e => e.ActivityId == activity)).VolunteerId);
        // The freed place went to the waitlist, as its own event.
        Assert.Equal(second, Assert.Single(await app.PublishedAsync<ActivitySignUpPromoted>(e => e.ActivityId == activity)).VolunteerId);
    }

    [Fact]
    public async Task AnActivitysTimeOrPlaceChanged_RaisesActivityChangedWithItsTimes_ACapacityChangeNone()
    {
        var (team, _, leader) = await app.TeamAsync();
        var activity = await TeamsApp.ActivityAsync(leader, team, capacity: 5);
        var now = DateTimeOffset.UtcNow;
        var startsAt = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(3);

        (await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { capacity = 8 }, Ct)).EnsureSuccessStatusCode();
        Assert.Empty(await app.PublishedAsync<ActivityChanged>(e => e.ActivityId == activity));
        (await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { startsAt, endsAt = startsAt.AddHours(3) }, Ct)).EnsureSuccessStatusCode();
        (await leader.PatchAsJsonAsync($"/teams/activities/{activity}", new { place = "新塘社区活动室" }, Ct)).EnsureSuccessStatusCode();

        var changed = (await app.PublishedAsync<ActivityChanged>(e => e.ActivityId == activity)).OrderBy(e => e.EventId).ToList();
        Assert.Equal(2, changed.Count);
        Assert.All(changed, e => Assert.Equal((team, startsAt, startsAt.AddHours(3)), (e.TeamId, e.StartsAt, e.EndsAt)));
    }

    [Fact]
    public async Task DisputingConfirmedHours_RaisesActivityHoursDisputedOnce()
    {
        var (team, _, leader) = await app.TeamAsync();
        var (activity, attendees) = await app.EndedActivityAsync(leader, team, 1);
        var volunteer = app.Minted(attendees[0], "volunteer");
        (await leader.PostAsJsonAsync($"/teams/activities/{activity}/hours", new { attendees = new[] { new { volunteerId = attendees[0], hours = 0.5m } } }, Ct)).EnsureSuccessStatusCode();

        (await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "我全程参加了一个小时" }, Ct)).EnsureSuccessStatusCode();
        var twice = await volunteer.PostAsJsonAsync($"/teams/activities/{activity}/disputes", new { reason = "再次申诉" }, Ct);

        await twice.AssertProblemAsync(HttpStatusCode.Conflict, "hours_already_disputed");
        var disputed = Assert.Single(await app.PublishedAsync<ActivityHoursDisputed>(e => e.ActivityId == activity));
        Assert.Equal((team, attendees[0]), (disputed.TeamId, disputed.VolunteerId));
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }
}
