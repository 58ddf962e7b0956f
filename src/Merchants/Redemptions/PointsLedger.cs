using Alliance.Contracts.Points;
using Grpc.Core;

namespace Alliance.Merchants.Redemptions;

internal enum LedgerAnswer
{
    Done,
    InsufficientPoints,

    /// <summary>Points has no reservation of this id (never reached it, or it was never made).</summary>
    NotFound,

    /// <summary>
    /// The other of commit and release happened first (the detail says which); for a Reserve, the
    /// redemption was released (or committed) before it arrived, so nothing is held.
    /// </summary>
    Closed,
    Unavailable,
}

/// <summary>
/// Points' Reserve, Commit and Release, each idempotent by redemption id. Never retried by the
/// channel: a caller that got no answer decides itself (release, or try the confirmation again).
/// </summary>
internal sealed class PointsLedger(PointsService.PointsServiceClient points, ILogger<PointsLedger> logger)
{
    public const string DeadlineKey = "Merchants:Points:Deadline";
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(3);

    public Task<LedgerAnswer> ReserveAsync(Redemption r, CancellationToken ct) => CallAsync(r.Id, "Reserve", () => points.ReserveAsync(
        new ReserveRequest
        {
            RedemptionId = r.Id.ToString(),
            VolunteerId = r.VolunteerId.ToString(),
            Amount = r.Points,
            OfferId = r.OfferId.ToString(),
            MerchantId = r.MerchantId.ToString(),
        }, cancellationToken: ct).ResponseAsync);

    public Task<LedgerAnswer> CommitAsync(Guid redemption, CancellationToken ct) =>
        CallAsync(redemption, "Commit", () => points.CommitAsync(new RedemptionRequest { RedemptionId = redemption.ToString() }, cancellationToken: ct).ResponseAsync);

    public Task<LedgerAnswer> ReleaseAsync(Guid redemption, CancellationToken ct) =>
        CallAsync(redemption, "Release", () => points.ReleaseAsync(new RedemptionRequest { RedemptionId = redemption.ToString() }, cancellationToken: ct).ResponseAsync);

    private async Task<LedgerAnswer> CallAsync(Guid redemption, string step, Func<Task<RedemptionReply>> call)
    {
        try
        {
            await call();
            return LedgerAnswer.Done;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return ex.Status.Detail.Contains("insufficient_points", StringComparison.Ordinal) ? LedgerAnswer.InsufficientPoints : LedgerAnswer.Closed;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Reserve answers NOT_FOUND for a volunteer without a points account: nothing to spend.
            return step == "Reserve" ? LedgerAnswer.InsufficientPoints : LedgerAnswer.NotFound;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
            or StatusCode.Cancelled or StatusCode.ResourceExhausted or StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            logger.LogWarning("Points {Step} for redemption {RedemptionId} got no answer: {Status}", step, redemption, ex.StatusCode);
            return LedgerAnswer.Unavailable;
        }
        catch (RpcException ex)
        {
            // Any other status (a mismatch, a bug on either side) is no answer this caller can act on:
            // treated as none, so the endpoint says "try again" and the due work releases, never a 500.
            logger.LogError(ex, "Points {Step} for redemption {RedemptionId} answered {Status}", step, redemption, ex.StatusCode);
            return LedgerAnswer.Unavailable;
        }
        catch (InvalidOperationException ex)
        {
            // Service discovery without an address for Points: as good as down.
            logger.LogWarning(ex, "Points {Step} for redemption {RedemptionId} could not be sent", step, redemption);
            return LedgerAnswer.Unavailable;
        }
    }
}
