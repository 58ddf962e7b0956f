using Alliance.Contracts.Volunteers;
using Alliance.Points.Data;
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
        for (var i = 0; i < 100; i++)
        {
            await using var db = CreateDbContext();
            if (await db.Accounts.AnyAsync(a => a.VolunteerId == volunteer, CancellationToken.None))
            {
                return;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"No points account opened for {volunteer} within 10 s.");
    }
}
