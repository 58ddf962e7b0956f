using Alliance.Contracts.Points;
using Alliance.Messaging.Faults;
using Grpc.Core;

namespace Alliance.Notifications.Notices;

/// <summary>An earning as Points answers for it now: its amount, and when what is left of it (<paramref name="Left"/>) expires, if it will.</summary>
internal sealed record EarningFact(Guid EntryId, Guid VolunteerId, long Amount, DateTimeOffset? ExpiresAt, long Left);

/// <summary>What a points notice says, asked of Points (<c>GetEarning</c>) at send time: the event names the ledger entry only.</summary>
internal sealed class EarningFacts(PointsService.PointsServiceClient points)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public async Task<EarningFact> OfAsync(Guid entryId, CancellationToken ct)
    {
        EarningReply reply;
        try
        {
            reply = await points.GetEarningAsync(new GetEarningRequest { EntryId = entryId.ToString() }, cancellationToken: ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new PermanentMessageException($"Points knows no earning {entryId}.", ex);
        }

        return new EarningFact(entryId, Guid.Parse(reply.VolunteerId), reply.Amount, reply.ExpiresAt?.ToDateTimeOffset(), reply.Left);
    }
}

internal static class NoticeAmounts
{
    /// <summary>Points as a notice tells them (a whole number far below the limit; a larger one would be told as the limit).</summary>
    public static int Of(long points) => (int)Math.Clamp(points, int.MinValue, int.MaxValue);
}
