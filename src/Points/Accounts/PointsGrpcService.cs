using Alliance.Contracts.Points;
using Alliance.Messaging.DueWork;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using Alliance.Points.Redemptions;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Accounts;

/// <summary>
/// Internal questions about balances and the three redemption steps, on the gRPC endpoint only: Merchants
/// calls them; Notifications asks about an earning (its amount, and what of it expires when).
/// </summary>
internal sealed class PointsGrpcService(PointsDbContext db, RedemptionDesk desk) : PointsService.PointsServiceBase
{
    [InternalCallers("merchants")]
    public override async Task<BalanceReply> GetBalance(GetBalanceRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.VolunteerId, "volunteer_id");

        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.VolunteerId == id, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No points account is open for this volunteer."));

        return new BalanceReply { VolunteerId = account.VolunteerId.ToString(), Available = account.Available, Reserved = account.Reserved };
    }

    [InternalCallers("merchants")]
    public override async Task<RedemptionReply> Reserve(ReserveRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.RedemptionId, "redemption_id");
        var volunteer = GrpcIds.Parse(request.VolunteerId, "volunteer_id");
        if (request.Amount <= 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "amount must be positive."));
        }

        Guid? offer = string.IsNullOrEmpty(request.OfferId) ? null : GrpcIds.Parse(request.OfferId, "offer_id");
        Guid? merchant = string.IsNullOrEmpty(request.MerchantId) ? null : GrpcIds.Parse(request.MerchantId, "merchant_id");
        return Reply(await desk.ReserveAsync(id, volunteer, request.Amount, offer, merchant, context.CancellationToken));
    }

    [InternalCallers("merchants")]
    public override async Task<RedemptionReply> Commit(RedemptionRequest request, ServerCallContext context) =>
        Reply(await desk.CommitAsync(GrpcIds.Parse(request.RedemptionId, "redemption_id"), context.CancellationToken));

    [InternalCallers("merchants")]
    public override async Task<RedemptionReply> Release(RedemptionRequest request, ServerCallContext context) =>
        Reply(await desk.ReleaseAsync(GrpcIds.Parse(request.RedemptionId, "redemption_id"), context.CancellationToken));

    [InternalCallers("notifications")]
    public override async Task<EarningReply> GetEarning(GetEarningRequest request, ServerCallContext context)
    {
        var id = GrpcIds.Parse(request.EntryId, "entry_id");
        var ct = context.CancellationToken;
        var earning = await db.Ledger.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == id && (e.Kind == EntryKind.Credit || e.Kind == EntryKind.Adjustment) && e.Amount > 0, ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "No earning has this id."));

        // The expiry's own due work says when: the rule in force when it was earned, not today's.
        var expiry = await db.Set<DueWorkItem>().AsNoTracking()
            .Where(d => d.Kind == Crediting.ExpiryKind && d.Key == earning.Id.ToString()).Select(d => (DateTimeOffset?)d.DueAt).FirstOrDefaultAsync(ct);
        var reply = new EarningReply { EntryId = earning.Id.ToString(), VolunteerId = earning.VolunteerId.ToString(), Amount = earning.Amount };
        if (expiry is { } at)
        {
            var available = await db.Accounts.AsNoTracking().Where(a => a.VolunteerId == earning.VolunteerId).Select(a => a.Available).FirstAsync(ct);
            reply.ExpiresAt = Timestamp.FromDateTimeOffset(at);
            reply.Left = await PointsExpiry.LeftAsync(db, earning, available, ct);
        }

        return reply;
    }

    private static RedemptionReply Reply(RedemptionOutcome outcome) => outcome switch
    {
        { Redemption: { } r } => new RedemptionReply
        {
            RedemptionId = r.Id.ToString(),
            VolunteerId = r.VolunteerId.ToString(),
            Amount = r.Amount,
            State = r.State.ToString().ToLowerInvariant(),
            Available = outcome.Available,
            Reserved = outcome.Reserved,
        },
        { Error: RedemptionDesk.NotFound } => throw new RpcException(new Status(StatusCode.NotFound, "No reservation has this redemption id.")),
        { Error: RedemptionDesk.Mismatch } => throw new RpcException(new Status(
            StatusCode.InvalidArgument, "This redemption id was reserved for another volunteer or amount.")),
        // The detail is the stable code the proto names: Merchants maps it to its own 409.
        { Error: { } code } => throw new RpcException(new Status(StatusCode.FailedPrecondition, code)),
        _ => throw new InvalidOperationException("A redemption outcome has neither a redemption nor an error."),
    };
}
