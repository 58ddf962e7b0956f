namespace Alliance.Volunteers.Pairings;

/// <summary>Who a pairing cares for (结对帮扶 serves these three).</summary>
internal enum RecipientCategory
{
    ElderlyLivingAlone,
    LeftBehindChild,
    Disabled,
}

internal enum PairingStatus
{
    Active,
    Ended,
}

/// <summary>Who agreed to the pairing on the recipient's behalf, or the recipient themself.</summary>
internal enum ConsentGiver
{
    Self,
    Guardian,
    Family,
    Other,
}

/// <summary>
/// The consent to be paired and visited, as the admin noted it: who gave it (the recipient, or a
/// guardian or relative, named), when, and which admin noted it.
/// </summary>
internal sealed record PairingConsent(ConsentGiver GivenBy, string? GiverName, string? GiverRelation, DateTimeOffset NotedAt, Guid NotedBy);

/// <summary>What the volunteer promises: which helps from the catalogue, other services in words, and how often to visit.</summary>
internal sealed record PairingAgreement(IReadOnlyList<string> Helps, string? OtherServices, int VisitEveryDays)
{
    public const int MinVisitEveryDays = 1;
    public const int MaxVisitEveryDays = 90;
    public const int MaxHelps = 12;
    public const int MaxOtherServicesLength = 500;
}

/// <summary>
/// A one-to-one pairing of a volunteer with a care recipient (an assisted account: a resident who is not online).
/// The rules of its life are here: a visit moves the next due date on; a missed cadence is counted;
/// an ended pairing takes no visits and raises nothing.
/// </summary>
internal sealed class Pairing
{
    public const string ActiveRecipientIndex = "ux_pairings_active_recipient";
    public const string VolunteerErasedReason = "volunteer_erased";

    private Pairing()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The volunteer's account id; null once the volunteer has erased their data.</summary>
    public Guid? VolunteerId { get; private set; }

    public Guid RecipientId { get; private set; }

    public RecipientCategory Category { get; private set; }

    /// <summary>The recipient's community and grid cell: whose admins and grid worker look after the pairing.</summary>
    public string CommunityId { get; private set; } = "";

    public string GridId { get; private set; } = "";

    public string? Building { get; private set; }

    /// <summary>Where to visit: shown to the volunteer and the admins of the place, never in a list.</summary>
    public string? Address { get; private set; }

    public List<string> Helps { get; private set; } = [];

    public string? OtherServices { get; private set; }

    public int VisitEveryDays { get; private set; }

    public PairingConsent Consent { get; private set; } = null!;

    public PairingStatus Status { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    public Guid PairedBy { get; private set; }

    public DateTimeOffset? LastVisitAt { get; private set; }

    /// <summary>When the next visit is due: the last visit (or the start) plus the cadence.</summary>
    public DateTimeOffset NextVisitDueAt { get; private set; }

    /// <summary>How many cadences have passed without a visit since the last one; a visit sets it back to 0.</summary>
    public int MissedCadences { get; private set; }

    public int VisitCount { get; private set; }

    public int VisitMinutes { get; private set; }

    public int ProblemsSolved { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public Guid? EndedBy { get; private set; }

    public string? EndReason { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Active, and a cadence has passed without a visit (counted, or not yet counted by the check).</summary>
    public bool IsOverdue(DateTimeOffset now) => Status == PairingStatus.Active && (MissedCadences > 0 || NextVisitDueAt <= now);

    /// <summary>Starts a pairing at the recipient's place, as Identity's record of them says (never as a body says).</summary>
    public static Pairing Start(PairingDraft draft, RecipientPlace place, Guid admin, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        VolunteerId = draft.VolunteerId,
        RecipientId = draft.RecipientId,
        Category = draft.Category,
        CommunityId = place.CommunityId,
        GridId = place.GridId,
        Building = draft.Building,
        Address = draft.Address,
        Helps = [.. draft.Agreement.Helps],
        OtherServices = draft.Agreement.OtherServices,
        VisitEveryDays = draft.Agreement.VisitEveryDays,
        Consent = new PairingConsent(draft.GivenBy, draft.GiverName, draft.GiverRelation, now, admin),
        Status = PairingStatus.Active,
        StartedAt = now,
        PairedBy = admin,
        NextVisitDueAt = now.AddDays(draft.Agreement.VisitEveryDays),
    };

    /// <summary>
    /// A new agreement. The next visit falls due by the new cadence from the last visit (or the
    /// start), and the missed count starts again: the next check recounts it. False once ended.
    /// </summary>
    public bool Amend(PairingAgreement agreement)
    {
        if (Status != PairingStatus.Active)
        {
            return false;
        }

        Helps = [.. agreement.Helps];
        OtherServices = agreement.OtherServices;
        VisitEveryDays = agreement.VisitEveryDays;
        NextVisitDueAt = (LastVisitAt ?? StartedAt).AddDays(VisitEveryDays);
        MissedCadences = 0;
        return true;
    }

    /// <summary>
    /// The volunteer logs a visit. Only a later visit than the last moves the due date on (a visit
    /// logged late, for an earlier day, still counts). False once ended.
    /// </summary>
    public bool RecordVisit(PairingVisit visit)
    {
        if (Status != PairingStatus.Active)
        {
            return false;
        }

        VisitCount++;
        VisitMinutes += visit.DurationMinutes;
        ProblemsSolved += visit.ProblemsSolved;
        if (LastVisitAt is null || visit.VisitedAt > LastVisitAt)
        {
            LastVisitAt = visit.VisitedAt;
            NextVisitDueAt = visit.VisitedAt.AddDays(VisitEveryDays);
            MissedCadences = 0;
        }

        return true;
    }

    /// <summary>
    /// The overdue check came due. If the due date has passed without a visit, counts every cadence
    /// missed up to now (one check after an outage counts them all at once), moves the due date past
    /// now, and returns true: raise <c>PairingVisitOverdue</c>. False when ended or a visit came in time.
    /// </summary>
    public bool MissCadence(DateTimeOffset now)
    {
        if (Status != PairingStatus.Active || NextVisitDueAt > now)
        {
            return false;
        }

        while (NextVisitDueAt <= now)
        {
            MissedCadences++;
            NextVisitDueAt = NextVisitDueAt.AddDays(VisitEveryDays);
        }

        return true;
    }

    /// <summary>When the first missed visit fell due.</summary>
    public DateTimeOffset OverdueSince => (LastVisitAt ?? StartedAt).AddDays(VisitEveryDays);

    public bool End(Guid? by, string reason, DateTimeOffset now)
    {
        if (Status != PairingStatus.Active)
        {
            return false;
        }

        Status = PairingStatus.Ended;
        EndedAt = now;
        EndedBy = by;
        EndReason = reason;
        return true;
    }

    /// <summary>The volunteer erased their data: the pairing ends and no longer names them.</summary>
    public void ForgetVolunteer(DateTimeOffset now)
    {
        End(null, VolunteerErasedReason, now);
        VolunteerId = null;
    }
}

/// <summary>One home visit, as the volunteer logged it.</summary>
internal sealed class PairingVisit
{
    public const int MinMinutes = 5;
    public const int MaxMinutes = 12 * 60;
    public const int MaxProblems = 20;
    public const int MaxNoteLength = 1000;

    private PairingVisit()
    {
    }

    public Guid Id { get; private set; }

    public Guid PairingId { get; private set; }

    /// <summary>The volunteer who visited; null once they erased their data.</summary>
    public Guid? VolunteerId { get; private set; }

    public DateTimeOffset VisitedAt { get; private set; }

    public int DurationMinutes { get; private set; }

    public List<string> Helps { get; private set; } = [];

    public int ProblemsSolved { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset LoggedAt { get; private set; }

    public static PairingVisit Log(Guid pairingId, Guid volunteerId, DateTimeOffset visitedAt, int minutes, IReadOnlyList<string> helps, int problemsSolved, string? note, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PairingId = pairingId,
        VolunteerId = volunteerId,
        VisitedAt = visitedAt,
        DurationMinutes = minutes,
        Helps = [.. helps],
        ProblemsSolved = problemsSolved,
        Note = note,
        LoggedAt = now,
    };
}
