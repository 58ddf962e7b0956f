using System.Diagnostics;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 2: Points' database refuses every connection for 30 s (and its open ones are ended) while
/// NeedConfirmed events reach its consumers; Volunteers, on its own database, carries on.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class DatabaseRefusalTests(ChaosSystem system)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task CreditsArrivingWhilePointsDatabaseRefuses_WaitAndAreBookedOnce()
    {
        var street = new Street(system);
        var faults = new Faults(system);
        using var streetAdmin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("钱美华");
        var volunteers = await street.VolunteersAsync(streetAdmin, 2, "宋师傅");
        var needs = await street.CompletedNeedsAsync(resident, volunteers, 6);
        var duplicatesBefore = system.DuplicatesSuppressed;

        var down = Stopwatch.StartNew();
        await faults.RefuseConnectionsAsync("pointsdb");
        try
        {
            await Street.ConfirmAsync(resident, needs);
            await Task.Delay(Outage - down.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero, TestContext.Current.CancellationToken);
        }
        finally
        {
            await faults.AllowConnectionsAsync("pointsdb");
        }

        var outage = down.Elapsed;
        var recovering = Stopwatch.StartNew();
        var (found, doubled) = await street.ConfirmedEffectsAsync(needs, TimeSpan.FromMinutes(3));
        var recovery = recovering.Elapsed;
        var (inError, parked, unbalanced) = await new Ledgers(system).SettledAsync(faults);
        new FaultOutcome("pointsdb refusing connections (ALLOW_CONNECTIONS false)", $"{needs.Count} needs confirmed during the refusal", needs.Count * 2, found, doubled,
            inError, parked, unbalanced, system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
    }
}
