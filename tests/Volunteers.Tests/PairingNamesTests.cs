using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.ServiceDefaults.Security;
using Xunit;

namespace Alliance.Volunteers.Tests;

/// <summary>A pairing's two people by their display names, to those who may see the pairing; a stranger sees nothing.</summary>
public sealed class PairingNamesTests(VolunteersApp app) : IClassFixture<VolunteersApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePairingsPeople_AreNamed_InTheVolunteersList_TheAdminsList_AndTheRecord()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, volunteerClient) = await app.ActiveVolunteerAsync("wanda");
        var recipient = await app.AssistedResidentAsync(name: "孙阿婆");
        var pairing = await app.PairAsync(admin, volunteer, recipient);

        var mine = await volunteerClient.GetFromJsonAsync<JsonElement>("/volunteers/pairings/mine", Ct);
        var community = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/communities/wanda/pairings?recipientId={recipient}", Ct);
        var record = await admin.GetFromJsonAsync<JsonElement>($"/volunteers/pairings/{pairing}", Ct);

        foreach (var view in new[]
        {
            mine.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == pairing),
            Assert.Single(community.GetProperty("items").EnumerateArray()),
            record.GetProperty("pairing"),
        })
        {
            Assert.Equal("志愿者", view.GetProperty("volunteerName").GetString());
            Assert.Equal("孙阿婆", view.GetProperty("recipientName").GetString());
        }
    }

    [Fact]
    public async Task AStranger_GetsNoPairing_AndSoNoNames()
    {
        var (_, admin) = await app.SignInAsAsync(Roles.CommunityAdmin, "wanda");
        var (volunteer, _) = await app.ActiveVolunteerAsync("wanda");
        var pairing = await app.PairAsync(admin, volunteer, await app.AssistedResidentAsync(name: "周阿公"));
        var (_, stranger) = await app.SignInAsync();

        var response = await stranger.GetAsync($"/volunteers/pairings/{pairing}", Ct);
        var theirs = await stranger.GetFromJsonAsync<JsonElement>("/volunteers/pairings/mine", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
    }
}
