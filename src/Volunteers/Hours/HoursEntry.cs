using Alliance.Contracts.Time;

namespace Alliance.Volunteers.Hours;

internal enum HoursEntryKind
{
    /// <summary>Confirmed by a team leader for an activity (ServiceHoursConfirmed).</summary>
    Activity,

    /// <summary>A helper's share of a confirmed need (NeedConfirmed).</summary>
    Need,

    /// <summary>A correction after a dispute (ServiceHoursAdjusted) or an upheld points flag (PointsCreditReversed), keyed by its own id; may be negative.</summary>
    Adjustment,

    /// <summary>Honour hours entered afterwards by an admin, with a reason; they count as hours and earn no points.</summary>
    Honour,
}

/// <summary>
/// One line of a volunteer's certified service hours: permanent, never edited. Unique on (source,
/// volunteer, kind), so each source counts once for each volunteer however often its event comes.
/// </summary>
internal sealed class HoursEntry
{
    public const string SourceIndex = "ux_hours_entries_source";
    public const int MaxReasonLength = 500;

    private HoursEntry()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The volunteer's account id; after erasure, an anonymous id that no other service knows.</summary>
    public Guid VolunteerId { get; private set; }

    public HoursEntryKind Kind { get; private set; }

    /// <summary>The activity, the need, or for an adjustment and honour hours the entry's own id.</summary>
    public Guid SourceId { get; private set; }

    /// <summary>For an adjustment, the activity or need it corrects.</summary>
    public Guid? AdjustsSourceId { get; private set; }

    public decimal Hours { get; private set; }

    public decimal NightHours { get; private set; }

    /// <summary>The day the service was given, in Asia/Shanghai.</summary>
    public DateOnly ServiceDate { get; private set; }

    public string? CommunityId { get; private set; }

    public Guid? TeamId { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>The admin who entered honour hours.</summary>
    public Guid? RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public bool IsHonour => Kind == HoursEntryKind.Honour;

    /// <summary>Hours are kept with one decimal place; anything finer is rounded half away from zero.</summary>
    public static decimal Round(decimal hours) => Math.Round(hours, 1, MidpointRounding.AwayFromZero);

    public static HoursEntry ForActivity(Guid activityId, Guid volunteerId, Guid teamId, string communityId, decimal hours, DateOnly date, DateTimeOffset now) =>
        New(HoursEntryKind.Activity, activityId, volunteerId, hours, 0, date, now).Placed(communityId, teamId);

    public static HoursEntry ForNeed(Guid needId, Guid volunteerId, Guid? teamId, string communityId, decimal hours, decimal nightHours, DateOnly date, DateTimeOffset now) =>
        New(HoursEntryKind.Need, needId, volunteerId, hours, nightHours, date, now).Placed(communityId, teamId);

    public static HoursEntry ForAdjustment(Guid adjustmentId, Guid sourceId, Guid volunteerId, decimal delta, string reason, DateOnly date, DateTimeOffset now)
    {
        var entry = New(HoursEntryKind.Adjustment, adjustmentId, volunteerId, delta, 0, date, now);
        entry.AdjustsSourceId = sourceId;
        entry.Reason = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
        return entry;
    }

    public static HoursEntry ForHonour(Guid volunteerId, string communityId, decimal hours, DateOnly date, string reason, Guid admin, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var entry = New(HoursEntryKind.Honour, id, volunteerId, hours, 0, date, now);
        entry.Id = id;
        entry.CommunityId = communityId;
        entry.Reason = reason;
        entry.RecordedBy = admin;
        return entry;
    }

    private HoursEntry Placed(string communityId, Guid? teamId)
    {
        CommunityId = communityId;
        TeamId = teamId;
        return this;
    }

    private static HoursEntry New(HoursEntryKind kind, Guid sourceId, Guid volunteerId, decimal hours, decimal nightHours, DateOnly date, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Kind = kind,
        SourceId = sourceId,
        VolunteerId = volunteerId,
        Hours = Round(hours),
        NightHours = Round(nightHours),
        ServiceDate = date,
        RecordedAt = now,
    };
}
