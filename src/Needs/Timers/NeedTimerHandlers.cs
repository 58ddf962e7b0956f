using Alliance.Messaging.DueWork;
using Alliance.Messaging.Outbox;
using Alliance.Needs.Board;
using Alliance.Needs.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Needs.Timers;

// Each runs in the sweeper's transaction, which saves the need, the event and the removal of the row together.

/// <summary>A claim not accepted in time: <c>NeedClaimEscalated</c> for the grid worker, once per claim.</summary>
internal sealed class ClaimEscalation(NeedsDbContext db, TimeProvider time, ILogger<ClaimEscalation> logger) : IDueWorkHandler
{
    public string Kind => NeedTimers.Escalation;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var (id, step) = NeedTimers.ParseKey(item.Key);
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        var now = time.GetUtcNow();
        if (need is null || !NeedTimers.IsStep(need.ClaimedAt, step) || !need.Escalate(now))
        {
            return;
        }

        db.Publish(NeedMessages.Escalated(need, now));
        logger.LogInformation("Claim of need {NeedId} escalated to the grid workers of {GridId}", need.Id, need.GridId);
    }
}

/// <summary>An accepted claim not started in time: the need goes back to the board (<c>NeedReleased</c>, reason timeout).</summary>
internal sealed class StartTimeout(NeedsDbContext db, TimeProvider time, ILogger<StartTimeout> logger) : IDueWorkHandler
{
    public string Kind => NeedTimers.StartTimeout;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var (id, step) = NeedTimers.ParseKey(item.Key);
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null || need.Status != NeedStatus.Accepted || !NeedTimers.IsStep(need.AcceptedAt, step))
        {
            return;
        }

        var now = time.GetUtcNow();
        var (kind, claimant) = NeedMessages.ClaimantOf(need);
        if (need.TimeOutStart(now) is null)
        {
            db.Publish(new Contracts.Needs.NeedReleased(Guid.CreateVersion7(now), now, null, need.Id, kind, claimant, NeedReleaseReasons.Timeout, null));
            NeedTimers.AfterReopening(db, need, now);
            logger.LogInformation("Need {NeedId} was not started in time and is open again", need.Id);
        }
    }
}

/// <summary>A completion neither confirmed nor disputed in time is confirmed by the timer, with no rating.</summary>
internal sealed class AutoConfirmation(NeedsDbContext db, TimeProvider time, ILogger<AutoConfirmation> logger) : IDueWorkHandler
{
    public string Kind => NeedTimers.AutoConfirm;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var (id, step) = NeedTimers.ParseKey(item.Key);
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        if (need is null || !NeedTimers.IsStep(need.CompletedAt, step))
        {
            return;
        }

        var now = time.GetUtcNow();
        if (need.ConfirmByTimer(now) is null)
        {
            db.Publish(NeedMessages.Confirmed(need, now));
            logger.LogInformation("Need {NeedId} confirmed by the timer", need.Id);
        }
    }
}

/// <summary>An open need whose wanted window has ended becomes Expired.</summary>
internal sealed class Expiry(NeedsDbContext db, TimeProvider time, ILogger<Expiry> logger) : IDueWorkHandler
{
    public string Kind => NeedTimers.Expiry;

    public async Task HandleAsync(DueWorkItem item, CancellationToken ct)
    {
        var (id, _) = NeedTimers.ParseKey(item.Key);
        var need = await db.Needs.FirstOrDefaultAsync(n => n.Id == id, ct);
        var now = time.GetUtcNow();
        if (need is not null && need.Expire(now) is null)
        {
            db.Publish(NeedMessages.Expired(need, now));
            logger.LogInformation("Need {NeedId} expired", need.Id);
        }
    }
}

/// <summary>Registers the timers and their options.</summary>
internal static class NeedTimerRegistration
{
    public static void AddNeedTimers(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<NeedTimerOptions>(builder.Configuration.GetSection("Needs:Timers"));
        builder.Services.AddScoped(services => services.GetRequiredService<IOptions<NeedTimerOptions>>().Value);
        builder.Services.AddScoped<IDueWorkHandler, ClaimEscalation>();
        builder.Services.AddScoped<IDueWorkHandler, StartTimeout>();
        builder.Services.AddScoped<IDueWorkHandler, AutoConfirmation>();
        builder.Services.AddScoped<IDueWorkHandler, Expiry>();
    }
}
