using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.People;

namespace Alliance.Teams.Activities;

/// <summary>
/// A new activity of a team. The community where it is held defaults to the team's own (a
/// street-wide team names it); instants are RFC 3339 with offset.
/// </summary>
internal sealed record CreateActivityRequest(
    [RequiredField] string? Title, [RequiredField] string? KindId, [RequiredField] string? Place, string? CommunityId, [RequiredField] DateTimeOffset? StartsAt, [RequiredField] DateTimeOffset? EndsAt,
    [RequiredField] int? Capacity, IReadOnlyList<string>? RequiredSkills, bool? StreetWide);

/// <summary>What those who run an activity may change before it starts; a field left out stays. The community and street-wide flag do not change.</summary>
internal sealed record UpdateActivityRequest(
    string? Title, string? KindId, string? Place, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? Capacity, IReadOnlyList<string>? RequiredSkills);

internal sealed record CancelActivityRequest([RequiredField] string? Reason);

internal sealed record ActivityResponse(
    Guid Id, Guid TeamId, string Title, string KindId, string Place, string CommunityId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateOnly Date, int Capacity, IReadOnlyList<string> RequiredSkills, bool StreetWide, int ConfirmedCount, DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt, DateTimeOffset? CancelledAt, string? CancellationReason)
{
    public static ActivityResponse From(Activity a) => new(
        a.Id, a.TeamId, a.Title, a.KindId, a.Place, a.CommunityId, a.StartsAt, a.EndsAt, a.Date, a.Capacity, a.RequiredSkills, a.StreetWide, a.ConfirmedCount, a.CreatedAt,
        a.EditedAt, a.CancelledAt, a.CancellationReason);
}

internal sealed record CheckInCodeResponse(Guid ActivityId, string Code);

/// <summary>The six-digit code shown at the place.</summary>
internal sealed record AttendanceRequest(string? Code);

/// <summary>A sign-up; <c>volunteerName</c> is the volunteer's display name in the leader's list (null elsewhere, or where Identity did not answer).</summary>
internal sealed record SignUpResponse(
    Guid Id, Guid ActivityId, Guid VolunteerId, string? VolunteerName, SignUpStatus Status, int Position, DateTimeOffset SignedUpAt,
    DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, decimal? ConfirmedHours, bool NoShow, DateTimeOffset? HoursConfirmedAt,
    DateTimeOffset? DisputedAt, DateTimeOffset? DisputeAnsweredAt)
{
    public static SignUpResponse From(SignUp s, NameBook? names = null) => new(
        s.Id, s.ActivityId, s.VolunteerId, names?.NameOf(s.VolunteerId), s.Status, s.Position, s.SignedUpAt, s.CheckedInAt, s.CheckedOutAt, s.Hours, s.NoShow,
        s.HoursConfirmedAt, s.DisputedAt, s.DisputeAnsweredAt);
}

/// <summary>An attendee's check-in and check-out.</summary>
internal sealed record AttendanceResponse(Guid ActivityId, Guid VolunteerId, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt)
{
    public static AttendanceResponse From(SignUp s) => new(s.ActivityId, s.VolunteerId, s.CheckedInAt, s.CheckedOutAt);
}

/// <summary>One attendee's hours (one decimal place), or a no-show.</summary>
internal sealed record AttendeeHours(Guid? VolunteerId, decimal? Hours, bool? NoShow);

/// <summary>The leader confirms every attendee's hours at once.</summary>
internal sealed record ConfirmHoursRequest([RequiredField] IReadOnlyList<AttendeeHours>? Attendees);

internal sealed record ConfirmHoursResponse(IReadOnlyList<SignUpResponse> Items);

internal sealed record DisputeRequest([RequiredField] string? Reason);

/// <summary>The leader's answer to a dispute: the hours that stand (unchanged keeps them), and why.</summary>
internal sealed record AnswerDisputeRequest([RequiredField] decimal? CorrectedHours, [RequiredField] string? Reason);
