using Alliance.Contracts.Time;

namespace Alliance.Points.Ledger;

/// <summary>What an entry does to the account row (docs/domain.md, "Balances").</summary>
internal enum EntryKind
{
    /// <summary>Points earned by confirmed service (a need's helper, an activity's attendee).</summary>
    Credit,

    /// <summary>A correction of a credit (<c>ServiceHoursAdjusted</c>, or an upheld flag's reversal), keyed by its own id.</summary>
    Adjustment,

    /// <summary>Points held for a redemption: available down, reserved up.</summary>
    Reserve,

    /// <summary>Held points spent at the counter: reserved down.</summary>
    Commit,

    /// <summary>Held points given back (by Merchants, or by the reservation backstop): reserved down, available up.</summary>
    Release,

    /// <summary>Earned points that were not spent in time: available down. The hours stay.</summary>
    Expiry,
}

/// <summary>
/// One line of a volunteer's points ledger: append-only, unique on (source, volunteer, kind), and
/// written in the same transaction as the account row moves by its deltas, so the row is always the
/// ledger's sum. <see cref="Why"/> keeps the rule's inputs, so a volunteer can see why it is that size.
/// </summary>
internal sealed class LedgerEntry
{
    private LedgerEntry()
    {
    }

    public Guid Id { get; private set; }

    public Guid VolunteerId { get; private set; }

    public EntryKind Kind { get; private set; }

    /// <summary>The thing that earned or spent the points: the need, the activity, the redemption, an adjustment's own id, or the credit that expired.</summary>
    public Guid SourceId { get; private set; }

    /// <summary>The points this entry is about: positive for a credit or a redemption step, signed for an adjustment, negative for an expiry.</summary>
    public long Amount { get; private set; }

    public long AvailableDelta { get; private set; }

    public long ReservedDelta { get; private set; }

    /// <summary>The account row right after this entry.</summary>
    public long AvailableAfter { get; private set; }

    public long ReservedAfter { get; private set; }

    /// <summary>The day (Asia/Shanghai) of the service, for display and the hours ledger; for a step, its day.</summary>
    public DateOnly ServiceDate { get; private set; }

    /// <summary>
    /// The day (Asia/Shanghai) the points were earned, by which the monthly cap and the leaderboards
    /// count: a credit's confirmation, an adjustment's own day, a step's day. Never the day of service,
    /// which whoever confirms could place in any month.
    /// </summary>
    public DateOnly EarnedOn { get; private set; }

    /// <summary>The hours a credit earned on, or an adjustment's change of them (signed); none for spending and expiry.</summary>
    public decimal? Hours { get; private set; }

    /// <summary>For an adjustment, the need or activity whose credit it corrects.</summary>
    public Guid? AdjustsSourceId { get; private set; }

    public Guid? TeamId { get; private set; }

    public string? CommunityId { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>A short, stable reason code: <c>need_confirmed</c>, <c>activity_confirmed</c>, <c>redemption_reserved</c>, ...</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The rule's inputs and the breakdown, as JSON.</summary>
    public string Why { get; private set; } = "{}";

    public static LedgerEntry Create(
        Guid volunteerId, EntryKind kind, Guid sourceId, long amount, DateOnly serviceDate, DateTimeOffset now, string reason, string why,
        Guid? teamId = null, string? communityId = null)
    {
        var (available, reserved) = kind switch
        {
            EntryKind.Credit or EntryKind.Adjustment or EntryKind.Expiry => (amount, 0L),
            EntryKind.Reserve => (-amount, amount),
            EntryKind.Commit => (0L, -amount),
            EntryKind.Release => (amount, -amount),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return new LedgerEntry
        {
            Id = Guid.CreateVersion7(now),
            VolunteerId = volunteerId,
            Kind = kind,
            SourceId = sourceId,
            Amount = amount,
            AvailableDelta = available,
            ReservedDelta = reserved,
            ServiceDate = serviceDate,
            EarnedOn = Shanghai.DateOf(now),
            TeamId = teamId,
            CommunityId = communityId,
            RecordedAt = now,
            Reason = reason,
            Why = why,
        };
    }

    /// <summary>An earning (a credit or an adjustment): the day it counts in, its hours, and what it corrects.</summary>
    public LedgerEntry Earned(DateOnly earnedOn, decimal? hours, Guid? adjustsSourceId)
    {
        EarnedOn = earnedOn;
        Hours = hours;
        AdjustsSourceId = adjustsSourceId;
        return this;
    }

    public void RecordBalance(long available, long reserved)
    {
        AvailableAfter = available;
        ReservedAfter = reserved;
    }

    /// <summary>PIPL erasure: the entry stays for the sums, under an anonymous id.</summary>
    public void Anonymise(Guid anonymousId) => VolunteerId = anonymousId;
}
