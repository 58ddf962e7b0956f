using Alliance.Teams.Activities;
using Alliance.Teams.Teams;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Alliance.Teams.Calendar;

/// <summary>A volunteer's sign-ups as an iCalendar document (RFC 5545), written by Ical.Net: one VEVENT per activity, in UTC.</summary>
internal static class SignUpsCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>How far back the feed reaches: a calendar app keeps what it has already seen.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    /// <summary>The most events one feed carries.</summary>
    public const int MaxEvents = 500;

    public static string Write(IEnumerable<(SignUp SignUp, Activity Activity, Team Team)> entries)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Alliance//Teams//ZH", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", "志愿活动");
        foreach (var (signUp, activity, team) in entries)
        {
            calendar.Events.Add(new CalendarEvent
            {
                // One event per activity: the same UID on every fetch, so an app updates it in place.
                Uid = $"{activity.Id}@teams.alliance",
                // When the event last changed, so an app does not see a change on every fetch.
                DtStamp = Utc(activity.CancelledAt ?? activity.EditedAt ?? activity.CreatedAt),
                DtStart = Utc(activity.StartsAt),
                DtEnd = Utc(activity.EndsAt),
                Summary = activity.Title,
                Location = activity.Place,
                Description = signUp.Status == SignUpStatus.Waitlisted ? $"{team.Name}（候补）" : team.Name,
                Status = activity.IsCancelled ? EventStatus.Cancelled : signUp.Status == SignUpStatus.Waitlisted ? EventStatus.Tentative : EventStatus.Confirmed,
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime);
}
