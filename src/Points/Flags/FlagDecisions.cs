using Alliance.Contracts.Points;
using Alliance.Contracts.Time;
using Alliance.Messaging.Outbox;
using Alliance.Points.Data;
using Alliance.Points.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Flags;

/// <summary>An upheld flag's reversal: its ledger entry, the points left of the credit that were spent or held and so not taken back, and the hours.</summary>
internal sealed record Reversal(LedgerEntry Entry, long PointsNotTakenBack, decimal Hours);

/// <summary>What a decision did: the flag as decided, and the reversal if upholding found something to take back.</summary>
internal sealed record FlagDecision(Flag? Flag, Reversal? Reversal, string? Error)
{
    public static FlagDecision Failed(string error) => new(null, null, error);
}

/// <summary>
/// A street admin's decision on a flag. Dismissing changes nothing but the flag. Upholding takes the
/// credit back with an <see cref="EntryKind.Adjustment"/> of its own id: what is left of the credit
/// (after earlier adjustments, reversals and expiry), but never more than is available, since points
/// spent or held at a merchant were honoured there; the entry's why says how many were not taken
/// back. The hours the credit still carried go in full to Volunteers, as <see cref="PointsCreditReversed"/>.
/// </summary>
internal sealed class FlagDecisions(PointsDbContext db, IOptionsSnapshot<EarningRules> rules, TimeProvider time)
{
    public const string NotFound = "flag_not_found";
    public const string AlreadyDecided = "flag_already_decided";

    public async Task<FlagDecision> DecideAsync(Guid flagId, FlagStatus outcome, string reason, Guid admin, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked, so two admins deciding at once take turns and the second sees the first's decision.
        var flag = await db.Flags.FromSql($"SELECT * FROM flags WHERE id = {flagId} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (flag is null)
        {
            return FlagDecision.Failed(NotFound);
        }

        if (!flag.Decide(outcome, reason, admin, now))
        {
            return FlagDecision.Failed(AlreadyDecided);
        }

        var reversal = outcome == FlagStatus.Upheld ? await ReverseAsync(flag, now, ct) : null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(flag, reversal, null);
    }

    private async Task<Reversal?> ReverseAsync(Flag flag, DateTimeOffset now, CancellationToken ct)
    {
        var source = flag.CreditSource;
        var volunteer = flag.VolunteerId;
        var credit = await db.Ledger.AsNoTracking().FirstOrDefaultAsync(e => e.SourceId == source && e.VolunteerId == volunteer && e.Kind == EntryKind.Credit, ct);
        if (credit is null)
        {
            return null;
        }

        // What is left of the credit: another upheld flag on it may already have taken it all.
        var since = db.Ledger.Where(e => e.VolunteerId == volunteer
            && ((e.Kind == EntryKind.Adjustment && e.AdjustsSourceId == source) || (e.Kind == EntryKind.Expiry && e.SourceId == credit.Id)));
        var points = Math.Max(0, credit.Amount + await since.SumAsync(e => e.Amount, ct));
        var hours = Math.Max(0, (credit.Hours ?? 0) + await since.SumAsync(e => e.Hours ?? 0, ct));
        if (points == 0 && hours == 0)
        {
            return null;
        }

        var reversalId = Guid.CreateVersion7(now);
        var facts = new EarningFacts(volunteer, EntryKind.Adjustment, reversalId, -hours, credit.ServiceDate, Shanghai.DateOf(now), credit.TeamId, credit.CommunityId,
            "flag_upheld", source);
        var inputs = new { flagId = flag.Id, flagKind = flag.Kind, sourceId = source, creditId = credit.Id, creditPoints = credit.Amount, pointsLeft = points, hoursLeft = hours };
        var entry = await db.EarnAsync(rules.Value, facts, -points, inputs, now, ct)
            ?? throw new InvalidOperationException($"Reversal {reversalId} already posted.");
        flag.RecordReversal(reversalId);
        db.Publish(new PointsCreditReversed(Guid.CreateVersion7(now), now, null, reversalId, flag.Id, source, volunteer, hours));
        return new(entry, entry.Amount + points, hours);
    }
}
