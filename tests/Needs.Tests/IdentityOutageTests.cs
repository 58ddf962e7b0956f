using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// Issue 22 §4: Identity away degrades nothing for people already signed in. A Needs of its own reaches
/// Identity (its keys, its service tokens, its contacts) only through a proxy that is cut for two
/// minutes; everything else runs as usual.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class IdentityOutageTests(NeedsApp app) : IClassFixture<NeedsApp>
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithIdentityAwayForTwoMinutes_PeopleSignedInStillPostClaimAndConfirm_AndTheHoursAreCredited()
    {
        await using var identityHttp = new LoopbackProxy(app.Identity.Host.HttpAddress.Port);
        await using var identityGrpc = new LoopbackProxy(new Uri(app.Identity.Host.GrpcDiscoveryValue).Port);
        var database = await app.Containers.CreateDatabaseAsync("template_needs");
        await using var needs = app.Start(database, overrides: new Dictionary<string, string?>
        {
            ["services:identity:http:0"] = $"http://127.0.0.1:{identityHttp.Port}",
            ["services:identity:grpc:0"] = $"http://127.0.0.1:{identityGrpc.Port}",
        });
        using var probe = needs.CreateClient();
        await probe.WaitUntilReadyAsync();
        var (volunteerId, volunteerElsewhere) = await app.VerifiedVolunteerAsync();
        var (_, residentElsewhere) = await app.SignInAsync();
        using var volunteer = On(needs, volunteerElsewhere);
        using var resident = On(needs, residentElsewhere);
        // Both signed in before the outage; this Needs has validated a token (so holds Identity's keys)
        // and called Volunteers over gRPC (so holds its own service token).
        var before = await NeedsApp.PostNeedAsync(resident, "出门前的一件事");
        await volunteer.Must($"/needs/{before}/claims");

        identityHttp.Cut();
        identityGrpc.Cut();
        var away = Stopwatch.StartNew();
        var need = await NeedsApp.PostNeedAsync(resident, "身份服务停了也要修");
        await volunteer.Must($"/needs/{need}/claims");
        await resident.Must($"/needs/{need}/acceptance");
        await volunteer.Must($"/needs/{need}/start");
        await Task.Delay(Outage - away.Elapsed, Ct);
        await StoredTimes.MoveNeedBackAsync(database, need, TimeSpan.FromHours(2));
        await volunteer.Must($"/needs/{need}/completion", NeedSteps.Hours((volunteerId, 1.5m, 0m)));
        var confirmed = await resident.Must($"/needs/{need}/confirmation", new { rating = 5 });
        // Identity was away all along: nothing got through the proxy.
        using var viaProxy = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{identityHttp.Port}"), Timeout = TimeSpan.FromSeconds(5) };
        var reached = await Reaches(viaProxy);
        identityHttp.Restore();
        identityGrpc.Restore();

        Assert.True(away.Elapsed >= Outage);
        Assert.False(reached);
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        // Credited: Volunteers takes NeedConfirmed from the broker into the volunteer's certified hours.
        using var self = app.Volunteers.WithToken(IdentityApp.MintToken(volunteerId));
        var ledger = await Eventually.ReturnsAsync(
            () => self.GetFromJsonAsync<JsonElement>($"/volunteers/{volunteerId}/hours", Ct),
            l => l.GetRawText().Contains(need.ToString(), StringComparison.Ordinal), "The hours of the need confirmed while Identity was away");
        Assert.Contains(need.ToString(), ledger.GetRawText(), StringComparison.Ordinal);
    }

    private static HttpClient On(ServiceHost<Service> host, HttpClient signedIn)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    private static async Task<bool> Reaches(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(Microsoft.Extensions.Hosting.SecurityExtensions.MetadataPath, Ct);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
