using Alliance.Contracts.Teams;
using Alliance.Messaging.Faults;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace Alliance.Notifications.Notices;

/// <summary>An activity as Teams answers for it now: its title, times, whether it is cancelled, and who holds a place (or a waitlist place).</summary>
internal sealed record ActivityFact(Guid ActivityId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool Cancelled, IReadOnlyDictionary<Guid, bool> SignUps)
{
    /// <summary>Whether the volunteer holds a place, not a waitlist place.</summary>
    public bool HasPlace(Guid volunteer) => SignUps.TryGetValue(volunteer, out var waitlisted) && !waitlisted;
}

/// <summary>
/// What a notification says about an activity, asked of Teams (<c>GetActivity</c>) at send time, since
/// events carry ids only. Kept for half a minute for the events that follow one another (a sign-up, a
/// promotion); a change, a cancellation and a reminder ask afresh, since they are about what is true now.
/// </summary>
internal sealed class ActivityFacts(TeamsService.TeamsServiceClient teams, IMemoryCache cache)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);

    public async Task<ActivityFact> OfAsync(Guid activityId, CancellationToken ct, bool fresh = false)
    {
        if (!fresh && cache.TryGetValue(Key(activityId), out ActivityFact? known) && known is not null)
        {
            return known;
        }

        ActivityReply reply;
        try
        {
            reply = await teams.GetActivityAsync(new GetActivityRequest { ActivityId = activityId.ToString() }, cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new PermanentMessageException($"Teams knows no activity {activityId}.", ex);
        }

        var fact = new ActivityFact(
            activityId, reply.Title, reply.StartsAt.ToDateTimeOffset(), reply.EndsAt.ToDateTimeOffset(), reply.Cancelled,
            reply.SignUps.ToDictionary(s => Guid.Parse(s.VolunteerId), s => s.Waitlisted));
        cache.Set(Key(activityId), fact, KeepFor);
        return fact;
    }

    private static string Key(Guid activityId) => $"activity:{activityId}";
}
