using Alliance.Contracts.Needs;
using Alliance.Messaging.Faults;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace Alliance.Notifications.Notices;

/// <param name="Emergency">An emergency need: its notices are urgent, and quiet hours do not hold them.</param>
internal sealed record NeedFact(Guid NeedId, string Title, Guid RequesterId, bool Emergency);

/// <summary>
/// What a notification says about a need, asked of Needs (<c>GetNeed</c>) when the event comes, since
/// events carry ids only. Kept for a minute: one claim brings several events about the same need.
/// A Needs that does not answer throws, so the consumer waits it out; an unknown need can never be told about.
/// </summary>
internal sealed class NeedFacts(NeedsService.NeedsServiceClient needs, IMemoryCache cache)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    public async Task<NeedFact> OfAsync(Guid needId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(needId), out NeedFact? known) && known is not null)
        {
            return known;
        }

        NeedReply reply;
        try
        {
            reply = await needs.GetNeedAsync(new GetNeedRequest { NeedId = needId.ToString() }, cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new PermanentMessageException($"Needs knows no need {needId}.", ex);
        }

        var fact = new NeedFact(needId, reply.Title, Guid.Parse(reply.RequesterId), reply.Urgency == "emergency");
        cache.Set(Key(needId), fact, KeepFor);
        return fact;
    }

    private static string Key(Guid needId) => $"need:{needId}";
}
