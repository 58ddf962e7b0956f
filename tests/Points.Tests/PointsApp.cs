using System.Text.Json;
using Alliance.Contracts.Volunteers;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Points.Tests;

public sealed class PointsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    internal PointsDbContext CreateDbContext() => CreateDbContext<PointsDbContext>();

    /// <summary>Opens the volunteer's account as Volunteers' event would, and waits until it is there.</summary>
    public async Task OpenAccountAsync(Guid volunteer)
    {
        var registered = new VolunteerRegistered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, volunteer, "wanda");
        await Host.Services.GetRequiredService<IBus>().Publish(registered, context => context.MessageId = registered.EventId, CancellationToken.None);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = CreateDbContext();
            return await db.Accounts.AnyAsync(a => a.VolunteerId == volunteer, CancellationToken.None);
        }, $"A points account for {volunteer}");
    }

    /// <summary>
    /// Gives a volunteer points through the ledger's own posting (as a credit of a made-up source), for
    /// tests about spending them; <paramref name="earnedAt"/> dates the credit (an old one is past its expiry).
    /// </summary>
    public async Task GiveAsync(Guid volunteer, long points, DateTimeOffset? earnedAt = null)
    {
        await using var db = CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var now = earnedAt ?? DateTimeOffset.UtcNow;
        await db.EnsureAccountAsync(volunteer, now, CancellationToken.None);
        var entry = LedgerEntry.Create(volunteer, EntryKind.Credit, Guid.CreateVersion7(), points, Alliance.Contracts.Time.Shanghai.DateOf(now), now, "test_credit", JsonSerializer.Serialize(new { points }));
        if (!await db.TryPostAsync(entry, CancellationToken.None))
        {
            throw new InvalidOperationException("The test credit did not post.");
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The account row must equal the sum of the volunteer's ledger (docs/domain.md, "Balances"); returns the row.</summary>
    public async Task<(long Available, long Reserved)> AssertRowEqualsLedgerAsync(Guid volunteer)
    {
        await using var db = CreateDbContext();
        var row = await db.Accounts.AsNoTracking().SingleAsync(a => a.VolunteerId == volunteer);
        var available = await db.Ledger.Where(e => e.VolunteerId == volunteer).SumAsync(e => e.AvailableDelta);
        var reserved = await db.Ledger.Where(e => e.VolunteerId == volunteer).SumAsync(e => e.ReservedDelta);
        Assert.Equal((available, reserved), (row.Available, row.Reserved));
        return (row.Available, row.Reserved);
    }

    /// <summary>Spends points as Merchants would: Reserve, then Commit, over the service's own desk.</summary>
    public async Task SpendAsync(Guid volunteer, long points)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var desk = scope.ServiceProvider.GetRequiredService<Redemptions.RedemptionDesk>();
        var id = Guid.CreateVersion7();
        Assert.Null((await desk.ReserveAsync(id, volunteer, points, null, null, CancellationToken.None)).Error);
        Assert.Null((await desk.CommitAsync(id, CancellationToken.None)).Error);
    }

    /// <summary>Besides the erasure key, Identity's internal gRPC, for the names on the boards.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings() => HostSettings(Identity);

    internal static Dictionary<string, string?> HostSettings(IdentityApp identity) =>
        new(PointsSettings.Host()) { ["services:identity:grpc:0"] = identity.Host.GrpcDiscoveryValue };
}
