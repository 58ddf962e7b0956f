using Alliance.Messaging.DueWork;
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
            // Operators reach it on the service itself, with a token of the operator role; the gateway
            // never routes it, and the public OpenAPI documents do not list it.
            .Access(AccessClass.Internal)
            .ExcludeFromDescription();

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

        admin.MapPost("/outbox/parked/replay", ReplayAllParkedAsync)
            .WithSummary("Puts every parked outbox row back in line to be sent now.");

        admin.MapGet("/due-work/parked", async (MessagingDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Context.Set<DueWorkItem>()
                .Where(d => d.ParkedAt != null)
                .OrderBy(d => d.ParkedAt)
                .Take(100)
                .Select(d => new ParkedDueWork(d.Id, d.Kind, d.Key, d.Attempts, d.LastError, d.ParkedAt!.Value))
                .ToListAsync(ct)))
            .WithSummary("Lists due work parked after a failure retrying cannot fix (oldest first, at most 100).");

        admin.MapPost("/due-work/parked/{id:guid}/replay", (Guid id, MessagingDb db, TimeProvider time, CancellationToken ct) => ReplayDueWorkAsync(id, db, time, ct))
            .WithSummary("Puts parked due work back in line to run now.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/due-work/parked/replay", (MessagingDb db, TimeProvider time, CancellationToken ct) => ReplayDueWorkAsync(null, db, time, ct))
            .WithSummary("Puts every parked due work item back in line to run now.");

        admin.MapGet("/error-queues", async (ErrorQueues errorQueues, CancellationToken ct) =>
            {
                var depths = new List<ErrorQueueDepth>();
                foreach (var queue in errorQueues.OwnQueues)
                {
                    depths.Add(new ErrorQueueDepth(queue, await errorQueues.CountAsync(queue, ct) ?? 0));
                }

                return TypedResults.Ok(depths);
            })
            .WithSummary("The service's receive endpoints and how many messages wait in each one's _error queue.");

        admin.MapPost("/error-queues/{queue}/replay", ReplayErrorQueueAsync)
            .WithSummary("Moves messages from the endpoint's _error queue back to it, after the fault is fixed.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/error-queues/replay", async (ErrorQueues errorQueues, CancellationToken ct) =>
            {
                var replayed = new List<ReplayResult>();
                foreach (var queue in errorQueues.OwnQueues)
                {
                    if (await errorQueues.CountAsync(queue, ct) is > 0)
                    {
                        replayed.Add(new ReplayResult(queue, await errorQueues.ReplayAsync(queue, ErrorQueues.MaxPerReplay, ct)));
                    }
                }

                return TypedResults.Ok(replayed);
            })
            .WithSummary("Moves the messages of every one of the service's _error queues back to their endpoints.");

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

    private static async Task<Ok<ReplayCount>> ReplayAllParkedAsync(MessagingDb db, OutboxSignal signal, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var replayed = await db.Context.Set<OutboxMessage>()
            .Where(m => m.ParkedAt != null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now), ct);
        signal.Notify();
        return TypedResults.Ok(new ReplayCount(replayed));
    }

    private static async Task<Results<Ok<ReplayCount>, ProblemHttpResult>> ReplayDueWorkAsync(Guid? id, MessagingDb db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var replayed = await db.Context.Set<DueWorkItem>()
            .Where(d => d.ParkedAt != null && (id == null || d.Id == id))
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.DueAt, now), ct);
        return id is not null && replayed == 0
            ? ApiProblems.NotFound("parked_due_work_not_found", "No parked due work has this id.")
            : TypedResults.Ok(new ReplayCount(replayed));
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

    public sealed record ReplayCount(int Replayed);

    public sealed record ParkedDueWork(Guid Id, string Kind, string Key, int Attempts, string? LastError, DateTimeOffset ParkedAt);

    public sealed record ErrorQueueDepth(string Queue, uint Messages);
}
