using System.Diagnostics;
using System.Net.Http.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 5: Identity killed and kept away for two minutes while people who are signed in go on
/// working; a volunteer verified meanwhile gets the role once Identity is back.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class IdentityOutageTests(ChaosSystem system)
{
    private const int Needs = 3;
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedInPeopleWorkThroughTwoMinutesWithoutIdentity_AndARoleGrantedMeanwhileArrives()
    {
        var street = new Street(system);
        var faults = new Faults(system);
        var ledgers = new Ledgers(system);
        using var streetAdmin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("孙桂兰");
        var (volunteerId, volunteer) = (await street.VolunteersAsync(streetAdmin, 1, "赵红"))[0];
        // Registered, not yet verified: the street admin verifies them while Identity is away.
        var (candidateId, candidateMobile, candidate) = await street.People.NewAsync("钱军");
        using (candidate)
        {
            await People.OkAsync(candidate.PostAsJsonAsync("/api/volunteers", VolunteerForms.Registration("钱军", "quanyun"), Ct));
        }

        var duplicatesBefore = system.DuplicatesSuppressed;
        var down = Stopwatch.StartNew();
        await faults.KillAsync("identity");
        var accepted = new List<Guid>();
        try
        {
            for (var i = 0; i < Needs; i++)
            {
                var need = await People.IdOfAsync(await resident.PostAsJsonAsync("/api/needs", People.Need($"帮忙取快递 {i + 1}", "other", helpers: 1), Ct));
                await People.OkAsync(volunteer.PostAsJsonAsync($"/api/needs/{need}/claims", new { }, Ct));
                await People.OkAsync(resident.PostAsync($"/api/needs/{need}/acceptance", null, Ct));
                accepted.Add(need);
            }

            await People.OkAsync(streetAdmin.PostAsync($"/api/volunteers/{candidateId}/verification", null, Ct));
            Assert.True(down.Elapsed < Outage, $"The work took {down.Elapsed.TotalSeconds:0} s, longer than the outage.");
            await Task.Delay(Outage - down.Elapsed, Ct);
        }
        finally
        {
            await faults.StartProjectAsync("identity");
        }

        var outage = down.Elapsed;

        var recovering = Stopwatch.StartNew();
        var roleArrived = 0;
        try
        {
            using var verified = await street.People.WithRoleAsync(candidateMobile, "volunteer");
            roleArrived = 1;
        }
        catch (TimeoutException)
        {
            // Counted as lost in the report, which then fails the test.
        }

        var recovery = recovering.Elapsed;
        var claimed = await ledgers.CountAsync("needs", "SELECT count(*) FROM needs WHERE id = ANY(@p0) AND status = 'Accepted'", accepted.ToArray());
        var (inError, parked, unbalanced) = await ledgers.SettledAsync(faults);
        new FaultOutcome("identity killed (kill -9), away 2 min", $"{Needs} needs posted, claimed and accepted, 1 volunteer verified", Needs + 1,
            (int)claimed + roleArrived, 0, inError, parked, unbalanced, system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
    }
}
