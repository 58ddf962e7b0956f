using Alliance.Teams.Activities;
using Alliance.Teams.Teams;

namespace Alliance.Teams.Calendar;

/// <summary>An activity as a calendar shows it: when, where, which team, and the places left.</summary>
internal sealed record CalendarActivity(
    Guid Id, Guid TeamId, string TeamName, string Title, string KindId, string Place, string CommunityId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    DateOnly Date, int Capacity, int ConfirmedCount, int PlacesLeft, IReadOnlyList<string> RequiredSkills, bool StreetWide, DateTimeOffset? CancelledAt)
{
    public static CalendarActivity From(Activity a, Team team) => new(
        a.Id, team.Id, team.Name, a.Title, a.KindId, a.Place, a.CommunityId, a.StartsAt, a.EndsAt, a.Date, a.Capacity, a.ConfirmedCount, a.PlacesLeft,
        a.RequiredSkills, a.StreetWide, a.CancelledAt);
}

/// <summary>One of the caller's own sign-ups (a place or a waitlist place) with its activity; <c>upcoming</c> until the activity ends.</summary>
internal sealed record MySignUpResponse(
    Guid Id, SignUpStatus Status, int Position, DateTimeOffset SignedUpAt, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt, decimal? ConfirmedHours,
    bool Upcoming, CalendarActivity Activity)
{
    public static MySignUpResponse From(SignUp s, Activity a, Team team, DateTimeOffset now) => new(
        s.Id, s.Status, s.Position, s.SignedUpAt, s.CheckedInAt, s.CheckedOutAt, s.Hours, !a.HasEnded(now), CalendarActivity.From(a, team));
}
