using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Deployment.Tests;

/// <summary>200 volunteers claim one need at once, across two gateways and two Needs replicas.</summary>
public sealed class ClaimRaceTests(DeployedSystem stack)
{
    private const int Volunteers = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoHundredClaimsOnOneNeed_ExactlyOneWins_AndItsHoursAndPointsAreBookedOnce()
    {
        var street = new Street(stack);
        using var admin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("赵桂芳");
        var volunteers = new (Guid Id, HttpClient Client)[Volunteers];
        await Parallel.ForAsync(0, Volunteers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct },
            async (i, _) => volunteers[i] = await street.People.VerifiedVolunteerAsync(admin, $"志愿者{i}"));
        var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need("陪同老人去医院复诊", "companionship", helpers: 1), Ct));

        using var start = new SemaphoreSlim(0);
        var claims = volunteers.Select(async v =>
        {
            await start.WaitAsync(Ct);
            return (v.Id, v.Client, Response: await v.Client.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct));
        }).ToList();
        var raced = Stopwatch.StartNew();
        start.Release(Volunteers);
        var responses = await Task.WhenAll(claims);
        raced.Stop();

        // A claim the stack could not check in time (a neighbour's deadline, on two shared cores) is
        // answered 503 with Retry-After, changes nothing, and is sent again by the app: then it must lose.
        var unavailable = responses.Where(r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.All(unavailable, r => Assert.NotNull(r.Response.Headers.RetryAfter));
        Assert.DoesNotContain(responses, r => (int)r.Response.StatusCode >= 500 && r.Response.StatusCode != HttpStatusCode.ServiceUnavailable);
        var answers = new List<(Guid Id, HttpClient Client, HttpStatusCode Status)>();
        foreach (var (id, client, response) in responses)
        {
            var status = response.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                (status, _, _) = await Persistently.PostAsync(client, $"/api/needs/{need}/claims", new { }, Street.Patience);
            }

            answers.Add((id, client, status));
        }

        var winner = Assert.Single(answers, a => a.Status == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.Conflict, a.Status));
        await responses.First(r => r.Response.StatusCode == HttpStatusCode.Conflict).Response.AssertProblemAsync(HttpStatusCode.Conflict, "need_already_claimed");
        Assert.Equal(winner.Id, (await resident.GetFromJsonAsync<JsonElement>($"/api/needs/{need}", Ct)).GetProperty("claimantId").GetGuid());

        // The winner does the work; its confirmation books the hours and the credit exactly once.
        await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
        await People.OkAsync(winner.Client.PostAsync($"/api/needs/{need}/start", null, Ct));
        await People.OkAsync(winner.Client.PostAsJsonAsync($"/api/needs/{need}/completion",
            new { helpers = new[] { new { volunteerId = winner.Id, hours = Street.Hours, nightHours = 0m } } }, Ct));
        await Street.ConfirmAsync(resident, need);
        Assert.Equal((1, 1, 0, 0), await Street.EffectsAsync(winner.Client, winner.Id, [need], TimeSpan.FromMinutes(2)));
        Assert.Equal((Street.PointsPerConfirmedNeed, 0L), await Street.BalanceAsync(winner.Client, winner.Id));
        foreach (var (_, client, response) in responses)
        {
            response.Dispose();
            client.Dispose();
        }

        DeployReport.Add($"{Volunteers} claims on one need at once: 1 won (201), {Volunteers - 1} lost (409 need_already_claimed), "
            + $"{unavailable.Count} first answered 503 with Retry-After and lost when sent again, no other 5xx; all answered in {raced.Elapsed.TotalSeconds:F1} s; "
            + "the winner's hours and credit booked once each");
    }
}
