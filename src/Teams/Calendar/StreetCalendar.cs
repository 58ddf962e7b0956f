using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Teams.Calendar;

/// <summary>The stretch of time a calendar query covers: activities that overlap [From, To).</summary>
internal sealed record CalendarWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// The rules of a street-calendar query: a window of at most <see cref="MaxSpan"/>, so a list never
/// walks the street's whole history (a month from now when none is given, a month either side of the
/// one end given), and filters that name the catalogue's communities and kinds.
/// </summary>
internal static class StreetCalendar
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(92);

    public static FieldErrors Check(
        DateTimeOffset? from, DateTimeOffset? to, string? communityId, string? kindId, string? skill, DateTimeOffset now, out CalendarWindow window)
    {
        var start = from ?? (to is { } end ? end - DefaultSpan : now);
        window = new CalendarWindow(start.ToUniversalTime(), (to ?? start + DefaultSpan).ToUniversalTime());
        var errors = new FieldErrors();
        if (errors.Check(window.To > window.From, "to", "not_after_from"))
        {
            errors.Check(window.To - window.From <= MaxSpan, "to", "range_too_long");
        }

        var reference = ReferenceData.Current;
        errors.Check(communityId is null || reference.IsCommunity(communityId), "communityId", "unknown_community");
        errors.Check(kindId is null || reference.IsKind(kindId), "kindId", "unknown_kind");
        errors.Check(skill is null || reference.IsKind(skill), "skill", "unknown_kind");
        return errors;
    }
}
