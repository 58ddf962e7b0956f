using Alliance.ServiceDefaults.OpenApi;

namespace Alliance.Volunteers.Hours;

/// <summary>Honour hours an admin enters afterwards: how many, for which day, and why. Not called <c>hours</c>: no request may set that field.</summary>
internal sealed record HonourHoursRequest([RequiredField] decimal? AwardedHours, [RequiredField] DateOnly? ServiceDate, [RequiredField] string? Reason)
{
    public const decimal MaxHours = 1000;
    public const int MaxReasonLength = 200;
}

internal sealed record HoursEntryView(
    Guid Id,
    HoursEntryKind Kind,
    Guid SourceId,
    Guid? AdjustsSourceId,
    decimal Hours,
    decimal NightHours,
    DateOnly ServiceDate,
    bool Honour,
    string? Reason,
    Guid? TeamId,
    string? CommunityId,
    DateTimeOffset RecordedAt)
{
    public static HoursEntryView From(HoursEntry e) =>
        new(e.Id, e.Kind, e.SourceId, e.AdjustsSourceId, e.Hours, e.NightHours, e.ServiceDate, e.IsHonour, e.Reason, e.TeamId, e.CommunityId, e.RecordedAt);
}


internal sealed record MonthTotal(string Month, decimal Hours, decimal HonourHours);

internal sealed record YearTotal(int Year, decimal Hours, decimal HonourHours, IReadOnlyList<MonthTotal> Months);

/// <summary>Certified hours summed by year and month of the service date (Asia/Shanghai); honour hours are included in hours and also shown apart.</summary>
internal sealed record HoursTotals(Guid VolunteerId, decimal Hours, decimal HonourHours, IReadOnlyList<YearTotal> Years)
{
    public static HoursTotals Of(Guid volunteerId, IReadOnlyList<(DateOnly Date, decimal Hours, bool Honour)> entries) => new(
        volunteerId,
        entries.Sum(e => e.Hours),
        entries.Where(e => e.Honour).Sum(e => e.Hours),
        entries.GroupBy(e => e.Date.Year).OrderByDescending(y => y.Key).Select(y => new YearTotal(
            y.Key,
            y.Sum(e => e.Hours),
            y.Where(e => e.Honour).Sum(e => e.Hours),
            y.GroupBy(e => e.Date.Month).OrderByDescending(m => m.Key)
                .Select(m => new MonthTotal($"{y.Key:D4}-{m.Key:D2}", m.Sum(e => e.Hours), m.Where(e => e.Honour).Sum(e => e.Hours)))
                .ToList()))
            .ToList());
}
