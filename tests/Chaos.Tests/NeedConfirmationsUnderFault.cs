using System.Diagnostics;
using Alliance.Testing;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// The round faults 1 and 2 share: six needs are done and wait for their resident; the fault is
/// injected, the resident confirms them all, the fault lasts its time and is undone (in a finally),
/// and then every need's hours and points credit must arrive once, with nothing parked or in error.
/// </summary>
public static class NeedConfirmationsUnderFault
{
    private const int Needs = 6;

    public static async Task RunAsync(ChaosSystem system, string fault, Func<Faults, Task> inject, Func<Faults, Task> undo, TimeSpan lasting)
    {
        var street = new Street(system);
        var faults = new Faults(system);
        using var streetAdmin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("周桂芳");
        var volunteers = await street.VolunteersAsync(streetAdmin, 2, "唐师傅");
        var needs = await street.CompletedNeedsAsync(resident, volunteers, Needs);
        var duplicatesBefore = system.DuplicatesSuppressed;

        var down = Stopwatch.StartNew();
        await inject(faults);
        try
        {
            // Needs writes each confirmation and its event in one transaction: the resident is answered at once.
            await Street.ConfirmAsync(resident, needs);
            await Task.Delay(lasting - down.Elapsed is { Ticks: > 0 } left ? left : TimeSpan.Zero, TestContext.Current.CancellationToken);
        }
        finally
        {
            await undo(faults);
        }

        var outage = down.Elapsed;
        var recovering = Stopwatch.StartNew();
        await street.ConfirmedEffectsAsync(needs, TimeSpan.FromMinutes(3));
        var recovery = recovering.Elapsed;
        var (inError, parked, unbalanced) = await new Ledgers(system).SettledAsync(faults);

        // Counted once everything is published, so a redelivery still on its way is counted too.
        var (found, doubled) = await street.CountConfirmedEffectsAsync(needs);
        new FaultOutcome(fault, $"{Needs} needs confirmed during the fault", Needs * 2, found, doubled,
            inError, parked, unbalanced, system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
    }
}
