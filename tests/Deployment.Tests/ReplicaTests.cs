using System.Net.Http.Headers;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>Both replicas of every app take a share of the work: swarm's virtual IPs spread it.</summary>
public sealed class ReplicaTests(DeployedSystem stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryReplicaOfEveryApp_ServesRequests()
    {
        var street = new Street(stack);
        using var admin = await street.People.StreetAdminAsync();
        var (volunteerId, volunteer) = await street.People.VerifiedVolunteerAsync(admin, "李秀兰");
        var token = volunteer.DefaultRequestHeaders.Authorization!.Parameter!;
        string[] paths =
        [
            "/api/needs", $"/api/volunteers/{volunteerId}/hours", "/api/teams", "/api/merchants/offers",
            "/api/points/rules", "/api/notifications/unread-count", "/api/identity/.well-known/openid-configuration",
        ];
        var before = await RequestsPerContainerAsync();

        // A new connection per request, so the edge spreads them over the gateway's replicas, and one
        // service at a time, 16 at once, so each gateway opens several connections to it (each to
        // whichever of its replicas swarm's DNS names first). A replica started by an earlier test gets
        // its share once the gateway renews its older connections (Gateway:UpstreamConnectionLifetime,
        // 30 s), so batches go on until every replica has served some, for up to two minutes.
        const int PerService = 48;
        var batches = 0;
        List<(string App, string Container, int Requests)> served = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        do
        {
            batches++;
            foreach (var path in paths)
            {
                await Parallel.ForAsync(0, PerService, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (_, ct) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.ConnectionClose = true;
                    using var response = await stack.Gateway.SendAsync(request, ct);
                    Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
                });
            }

            var after = await RequestsPerContainerAsync();
            served = after.Select(c => (c.App, c.Container, Requests: c.Requests - before.FirstOrDefault(b => b.Container == c.Container).Requests)).ToList();
            if (served.All(s => s.Requests > 0))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(10), Ct);
        }
        while (DateTime.UtcNow < deadline);

        foreach (var app in DeployedSystem.Apps)
        {
            var replicas = served.Where(s => s.App == app).ToList();
            Assert.True(replicas.Count == DeployedSystem.Replicas, $"{app} runs {replicas.Count} replicas");
            Assert.All(replicas, r => Assert.True(r.Requests > 0, $"{app}'s replica {r.Container} served none of the requests"));
        }

        DeployReport.Add($"Requests served per replica ({batches} × {PerService} GETs per service, 16 at a time): " + string.Join("; ", DeployedSystem.Apps.Select(app =>
            $"{app} {string.Join(" + ", served.Where(s => s.App == app).Select(s => s.Requests))}")));
    }

    /// <summary>
    /// Requests each running container has logged as finished, health probes left out: the verification
    /// deploys with Microsoft.AspNetCore.Hosting.Diagnostics at Information (ALLIANCE_REQUEST_LOG_LEVEL).
    /// </summary>
    private async Task<List<(string App, string Container, int Requests)>> RequestsPerContainerAsync()
    {
        var counts = new List<(string, string, int)>();
        foreach (var app in DeployedSystem.Apps)
        {
            foreach (var container in await stack.ContainersAsync(app))
            {
                var logs = await DeployedSystem.DockerAsync($"logs {container}");
                var requests = logs.Split('\n').Count(line => line.Contains("Request finished", StringComparison.Ordinal)
                    && !line.Contains("/health", StringComparison.Ordinal) && !line.Contains("/alive", StringComparison.Ordinal));
                counts.Add((app, container, requests));
            }
        }

        return counts;
    }
}
