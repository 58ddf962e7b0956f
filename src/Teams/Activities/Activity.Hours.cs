namespace Alliance.Teams.Activities;

/// <summary>One attendee's line in a confirmation: their hours (one decimal place), or a no-show.</summary>
internal sealed record HoursLine(Guid VolunteerId, decimal Hours, bool NoShow);

/// <summary>
/// Certifying hours after the activity. Certified hours are the alliance's currency, so they come only
/// from real time (after the end, within the window, no longer than the activity or the attendee's
/// own check-in to check-out) that someone other than the attendee vouches for.
/// </summary>
internal sealed partial class Activity
{
    public const string NotEnded = "activity_not_ended";
    public const string WindowClosed = "confirmation_window_closed";
    public const string OwnHours = "cannot_confirm_own_hours";
    public const string BeyondActivity = "hours_beyond_activity";
    public const string AlreadyConfirmed = "hours_already_confirmed";

    /// <summary>
    /// The most hours an attendee may be credited: the activity's length, and no more than the time from
    /// their check-in to their check-out when both were recorded.
    /// </summary>
    public decimal MaxHoursFor(SignUp signUp)
    {
        var length = EndsAt - StartsAt;
        var attended = signUp is { CheckedInAt: { } checkedIn, CheckedOutAt: { } checkedOut } ? checkedOut - checkedIn : length;
        return (decimal)(attended < length ? attended : length).TotalHours;
    }

    /// <summary>Hours are confirmed after the end and within <paramref name="window"/> of it; never for a cancelled activity.</summary>
    public Refusal? CheckConfirmable(DateTimeOffset now, TimeSpan window) =>
        IsCancelled ? Refusal.Conflict(ActivityChangesApi.Cancelled, "This activity has been cancelled.")
        : !HasEnded(now) ? Refusal.Conflict(NotEnded, "Hours are confirmed after the activity has ended.")
        : now > EndsAt + window ? Refusal.Conflict(
            WindowClosed,
            "The time to confirm hours at this activity has passed.",
            $"Hours are confirmed within {window.TotalDays:0} days of the end. Later hours are honour hours: an admin of the volunteer's community enters them at POST /volunteers/{{id}}/honour-hours, and they earn no points.")
        : null;

    /// <summary>
    /// Confirms every line at once, or none: <paramref name="by"/> may not be among the attendees (their
    /// own line is another manager's to confirm); each attendee held a place, has not been confirmed
    /// yet, and is credited no more than <see cref="MaxHoursFor"/>.
    /// </summary>
    public Refusal? ConfirmHours(Guid by, IReadOnlyList<HoursLine> lines, IReadOnlyDictionary<Guid, SignUp> signUps, DateTimeOffset now, TimeSpan window)
    {
        if (lines.Any(l => l.VolunteerId == by))
        {
            return OwnHoursRefusal();
        }

        if (CheckConfirmable(now, window) is { } refusal)
        {
            return refusal;
        }

        foreach (var line in lines)
        {
            if (!signUps.TryGetValue(line.VolunteerId, out var signUp) || signUp.ActivityId != Id || signUp.Status != SignUpStatus.Confirmed)
            {
                return Refusal.Unprocessable(SignUpsApi.NotSignedUp, "Someone in the list did not hold a place at this activity.", line.VolunteerId.ToString());
            }

            if (!line.NoShow && line.Hours > MaxHoursFor(signUp))
            {
                return Refusal.Unprocessable(BeyondActivity, "Someone's hours are longer than the activity or than their time between check-in and check-out.", line.VolunteerId.ToString());
            }

            if (signUp.HoursConfirmed)
            {
                return Refusal.Conflict(AlreadyConfirmed, "Someone's hours have already been confirmed.", line.VolunteerId.ToString());
            }
        }

        foreach (var line in lines)
        {
            signUps[line.VolunteerId].ConfirmHours(line.Hours, line.NoShow, now);
        }

        return null;
    }

    /// <summary>The hours that stand after a dispute obey the same rules: not one's own, and no longer than the time.</summary>
    public Refusal? CheckCorrection(Guid by, SignUp signUp, decimal hours) =>
        signUp.VolunteerId == by ? OwnHoursRefusal()
        : hours > MaxHoursFor(signUp) ? Refusal.Unprocessable(BeyondActivity, "The hours are longer than the activity or than the time between check-in and check-out.")
        : null;

    private static Refusal OwnHoursRefusal() => Refusal.Unprocessable(
        OwnHours,
        "No one confirms their own hours.",
        "Leave your own line out: a deputy of the team or an admin covering the activity's community confirms it in a separate request.");
}
