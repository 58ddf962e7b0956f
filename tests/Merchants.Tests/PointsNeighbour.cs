using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Merchants.Tests;

/// <summary>The real Points service, which Merchants reserves, commits and releases at over gRPC.</summary>
public sealed class PointsNeighbour(Containers containers) : ServiceApp<Alliance.Points.Service>(containers, Alliance.Points.Service.Name)
{
    /// <summary>
    /// Credits the volunteer as the system does: a real <see cref="ServiceHoursConfirmed"/> on the broker
    /// (10 points an hour under Points' default rules, so <paramref name="points"/> / 10 hours), then
    /// waits until Points shows the balance.
    /// </summary>
    public async Task CreditAsync(Guid volunteer, long points)
    {
        var confirmed = new ServiceHoursConfirmed(
            Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), Guid.CreateVersion7(), "wanda", volunteer,
            points / 10m, DateOnly.FromDateTime(DateTime.UtcNow));
        await Host.Services.GetRequiredService<IBus>().Publish(confirmed, context => context.MessageId = confirmed.EventId);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await BalanceAsync(volunteer)).Available == points;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                // No account until the credit lands.
                return false;
            }
        }, $"Points crediting {volunteer} with {points}");
    }

    /// <summary>The balance as Merchants would read it: Points' GetBalance, with Merchants' own token.</summary>
    public async Task<(long Available, long Reserved)> BalanceAsync(Guid volunteer)
    {
        using var channel = Host.CreateGrpcChannel();
        var reply = await new PointsService.PointsServiceClient(channel).GetBalanceAsync(
            new GetBalanceRequest { VolunteerId = volunteer.ToString() }, await AsServiceAsync("merchants"), DateTime.UtcNow.AddSeconds(10));
        return (reply.Available, reply.Reserved);
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => PointsSettings.Host();
}

/// <summary>
/// Merchants wired to the real Points service that the project's classes share (each volunteer is a
/// new one, so no class sees another's balances); a test that needs Points away starts its own host.
/// </summary>
public sealed class MerchantsWithPointsApp(Containers containers) : MerchantsApp(containers)
{
    private PointsNeighbour? neighbour;

    public PointsNeighbour Points => neighbour ?? throw new InvalidOperationException("Points has not started.");

    /// <summary>A verified volunteer, signed in to Merchants, whom Points has credited this many points.</summary>
    public async Task<(Guid Id, HttpClient Client)> VolunteerWithAsync(long points)
    {
        var (id, client) = await SignInAsVolunteerAsync();
        await Points.CreditAsync(id, points);
        return (id, client);
    }

    public override async ValueTask InitializeAsync()
    {
        // Shared, so never disposed here: the assembly fixture stops it after the last class.
        neighbour = await Containers.SharedAsync(c => new PointsNeighbour(c));
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>(base.Settings())
    {
        ["services:points:grpc:0"] = Points.Host.GrpcDiscoveryValue,
        // The race sends 100 reservations at once to one account on a 2-core machine: it measures the
        // ledger's rule, not the deadline (the outage test has its own host).
        ["Merchants:Points:Deadline"] = "00:00:20",
    };
}
