using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>A new image of Needs rolled out (start-first, one task at a time) while the street keeps using it.</summary>
public sealed class RollingUpdateTests(DeployedSystem stack)
{
    private const int Callers = 4;
    private const double MostFailing = 0.005;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RollingOutNeeds_UnderTraffic_FailsAtMostHalfAPercent_AsGatewayErrors_AndAppliesNoPostTwice()
    {
        var street = new Street(stack);
        var (_, _, resident) = await street.People.NewAsync("钱淑珍");
        var marker = People.Need("陪老人散步", "companionship", helpers: 1);
        var read = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", marker, Ct));
        var service = $"{stack.Stack}_needs";

        var outcomes = new ConcurrentBag<(string Method, int Status, string? Key)>();
        var roll = Stopwatch.StartNew();
        var update = DeployedSystem.DockerAsync($"service update --detach=false --quiet --image {stack.NextNeedsImage} {service}", TimeSpan.FromMinutes(10));
        var callers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !update.IsCompleted; i++)
            {
                var post = i % 2 == 1;
                var key = post ? Guid.NewGuid().ToString() : null;
                using var request = post
                    ? new HttpRequestMessage(HttpMethod.Post, "/api/needs") { Content = JsonContent.Create(marker) }
                    : new HttpRequestMessage(HttpMethod.Get, $"/api/needs/{read}");
                if (key is not null)
                {
                    request.Headers.Add("Idempotency-Key", key);
                }

                try
                {
                    using var response = await resident.SendAsync(request, Ct);
                    outcomes.Add((request.Method.Method, (int)response.StatusCode, key));
                }
                catch (HttpRequestException)
                {
                    outcomes.Add((request.Method.Method, 0, key));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), Ct);
            }
        }, Ct)).ToList();
        await update;
        roll.Stop();
        await Task.WhenAll(callers);

        Assert.Contains(stack.NextNeedsImage, await DeployedSystem.DockerAsync($"service inspect -f {{{{.Spec.TaskTemplate.ContainerSpec.Image}}}} {service}"), StringComparison.Ordinal);
        var failed = outcomes.Where(o => o.Status is < 200 or >= 300).ToList();
        Assert.All(failed, f => Assert.True(f.Status is 502 or 503, $"{f.Method} answered {f.Status} during the roll"));
        Assert.True(failed.Count <= outcomes.Count * MostFailing, $"{failed.Count} of {outcomes.Count} requests failed during the roll");

        // A POST that failed is sent again with its key: it is done now, and never twice.
        foreach (var (_, _, key) in failed.Where(f => f.Key is not null))
        {
            var (status, body, _) = await Persistently.PostAsync(resident, "/api/needs", marker, Street.Patience, key);
            Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        }

        var posted = outcomes.Count(o => o.Key is not null);
        Assert.Equal(1 + posted, await CountMineAsync(resident));
        DeployReport.Add($"Rolling update of needs to a new image under traffic ({Callers} callers, GETs and POSTs with an Idempotency-Key): "
            + $"{outcomes.Count} requests in {roll.Elapsed.TotalSeconds:F0} s, {failed.Count} failed ({100.0 * failed.Count / Math.Max(1, outcomes.Count):F2} %"
            + (failed.Count == 0 ? ""
                : $": {string.Join(", ", failed.GroupBy(f => $"{f.Method} {f.Status}").Select(g => $"{g.Count()} × {g.Key}"))}") + "); "
            + $"{posted} POSTs made {posted} needs, none twice");
    }

    /// <summary>Every need the resident has, counted page by page.</summary>
    private static async Task<int> CountMineAsync(HttpClient resident)
    {
        var count = 0;
        string? after = null;
        do
        {
            var page = await Calls.GetPersistentlyAsync(resident, $"/api/needs/mine?limit=100{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}", Street.Patience);
            count += page.GetProperty("items").GetArrayLength();
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null);
        return count;
    }
}
