using System.Diagnostics;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 1: RabbitMQ stopped while residents confirm needs, for longer than the outbox's three
/// attempts (about a minute, after which it used to park events), then started again.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class BrokerOutageTests(ChaosSystem system)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(75);

    [Fact]
    public async Task NeedsConfirmedWhileTheBrokerIsDown_AreAllCreditedOnce_WhenItComesBack()
    {
        var street = new Street(system);
        var faults = new Faults(system);
        using var streetAdmin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("周桂芳");
        var volunteers = await street.VolunteersAsync(streetAdmin, 2, "唐师傅");
        var needs = await street.CompletedNeedsAsync(resident, volunteers, 6);
        var duplicatesBefore = system.DuplicatesSuppressed;

        var down = Stopwatch.StartNew();
        await faults.StopContainerAsync("rabbitmq");
        try
        {
            // Needs writes each confirmation and its event in one transaction: the resident is answered at once.
            await Street.ConfirmAsync(resident, needs);
            await Task.Delay(Outage - down.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero, TestContext.Current.CancellationToken);
        }
        finally
        {
            await faults.StartContainerAsync("rabbitmq");
        }

        var outage = down.Elapsed;

        var recovering = Stopwatch.StartNew();
        var (found, doubled) = await street.ConfirmedEffectsAsync(needs, TimeSpan.FromMinutes(3));
        var recovery = recovering.Elapsed;
        var (inError, parked, unbalanced) = await new Ledgers(system).SettledAsync(faults);
        new FaultOutcome("RabbitMQ stopped (docker stop/start)", $"{needs.Count} needs confirmed during the outage", needs.Count * 2, found, doubled,
            inError, parked, unbalanced, system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
    }
}
