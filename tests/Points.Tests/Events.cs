using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>Events as Needs and Teams publish them, on the real broker, and waiting for their effect.</summary>
internal static class Events
{
    public static NeedConfirmed NeedConfirmed(
        IReadOnlyList<NeedHelper> helpers, int? rating = 4, string urgency = "normal", NeedConfirmer by = NeedConfirmer.Resident, Guid? requester = null,
        DateTimeOffset? startedAt = null, TimeSpan? took = null, Guid? teamId = null, string community = "wanda", ClaimantKind claimant = ClaimantKind.Volunteer)
    {
        var started = startedAt ?? DateTimeOffset.UtcNow.AddHours(-6);
        var completed = started + (took ?? TimeSpan.FromHours(4));
        var confirmed = completed.AddHours(1);
        return new(Guid.CreateVersion7(), confirmed, null, Guid.CreateVersion7(), requester ?? Guid.CreateVersion7(), claimant, helpers.Count > 0 ? helpers[0].VolunteerId : Guid.CreateVersion7(),
            teamId, community, $"{community}-01", "home_repair", urgency, started.AddHours(-1), started, completed, confirmed, by, by == NeedConfirmer.Timer ? null : Guid.CreateVersion7(),
            by == NeedConfirmer.Timer ? null : rating, helpers);
    }

    /// <summary>An attendee's hours at an activity on <paramref name="date"/>, confirmed now or at <paramref name="confirmedAt"/>.</summary>
    public static ServiceHoursConfirmed Activity(Guid volunteer, decimal hours, DateOnly date, Guid? team = null, string community = "wanda", DateTimeOffset? confirmedAt = null) =>
        new(Guid.CreateVersion7(), confirmedAt ?? DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), team ?? Guid.CreateVersion7(), community, volunteer, hours, date);

    /// <summary>Noon of a day of Asia/Shanghai, in UTC as events carry it.</summary>
    public static DateTimeOffset NoonIn(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8)).ToUniversalTime();

    public static async Task PublishAsync<T>(this PointsApp app, T message) where T : class, Contracts.Events.IIntegrationEvent =>
        await app.Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = message.EventId, TestContext.Current.CancellationToken);

    /// <summary>Waits until the condition holds in the service's database (an event's effect, a row the sweeper wrote).</summary>
    public static Task WaitUntilAsync(this PointsApp app, Func<Data.PointsDbContext, Task<bool>> condition, string what) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = app.CreateDbContext();
            return await condition(db);
        }, what);

    public static Task WaitForEntriesAsync(this PointsApp app, Guid source, int count) =>
        app.WaitUntilAsync(async db => await db.Ledger.CountAsync(e => e.SourceId == source) >= count, $"{count} ledger entries of {source}");
}
