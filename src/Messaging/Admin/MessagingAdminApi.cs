using Alliance.Messaging.Outbox;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging;

/// <summary>
/// Lets ops see and replay what did not get through: parked outbox rows and messages in an
/// endpoint's error queue. Under <c>/{service}/admin/messaging</c>.
/// </summary>
public static class MessagingAdminApi
{
    public static RouteGroupBuilder MapMessagingAdmin(this IEndpointRouteBuilder app, string serviceName)
    {
        var admin = app.MapGroup($"/{serviceName}/admin/messaging").WithTags("Messaging admin")
            // Operators reach it on the service itself; the gateway never routes it.
            .Access(AccessClass.Internal);

        admin.MapGet("/outbox/parked", async (MessagingDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Context.Set<OutboxMessage>()
                .Where(m => m.ParkedAt != null)
                .OrderBy(m => m.ParkedAt)
                .Take(100)
                .Select(m => new ParkedMessage(m.Id, m.MessageType, m.Attempts, m.LastError, m.CreatedAt, m.ParkedAt!.Value))
                .ToListAsync(ct)))
            .WithSummary("Lists outbox rows parked after too many failed attempts (oldest first, at most 100).");

        admin.MapPost("/outbox/parked/{id:guid}/replay", ReplayParkedAsync)
            .WithSummary("Puts a parked outbox row back in line to be sent now.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/error-queues/{queue}/replay", ReplayErrorQueueAsync)
            .WithSummary("Moves messages from the endpoint's _error queue back to it, after the fault is fixed.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return admin;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReplayParkedAsync(
        Guid id, MessagingDb db, OutboxSignal signal, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var replayed = await db.Context.Set<OutboxMessage>()
            .Where(m => m.Id == id && m.ParkedAt != null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        if (replayed == 0)
        {
            return ApiProblems.NotFound("parked_message_not_found", "No parked outbox message has this id.");
        }

        signal.Notify();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ReplayResult>, ProblemHttpResult>> ReplayErrorQueueAsync(
        string queue, int? max, ErrorQueues errorQueues, CancellationToken ct)
    {
        if (!errorQueues.IsOwnQueue(queue) || await errorQueues.CountAsync(queue, ct) is null)
        {
            return ApiProblems.NotFound("error_queue_not_found", "This service has no error queue for that endpoint.");
        }

        var moved = await errorQueues.ReplayAsync(queue, max ?? ErrorQueues.MaxPerReplay, ct);
        return TypedResults.Ok(new ReplayResult(queue, moved));
    }

    public sealed record ParkedMessage(Guid Id, string MessageType, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset ParkedAt);

    public sealed record ReplayResult(string Queue, int Replayed);
}
