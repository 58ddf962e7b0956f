using System.Security.Cryptography;
using System.Text;

namespace Alliance.Teams.Activities;

internal enum SignUpStatus
{
    Confirmed,
    Waitlisted,
    Cancelled,
}

/// <summary>
/// One volunteer's place at an activity (or on its waitlist), their attendance, and the hours the
/// leader confirmed, which a dispute may correct once.
/// </summary>
internal sealed class SignUp
{
    private SignUp()
    {
    }

    public Guid Id { get; private set; }

    public Guid ActivityId { get; private set; }

    public Guid VolunteerId { get; private set; }

    public SignUpStatus Status { get; private set; }

    /// <summary>The order of sign-up; the lowest waitlisted position is promoted first.</summary>
    public int Position { get; private set; }

    public DateTimeOffset SignedUpAt { get; private set; }

    public DateTimeOffset? CheckedInAt { get; private set; }

    public DateTimeOffset? CheckedOutAt { get; private set; }

    public decimal? Hours { get; private set; }

    public bool NoShow { get; private set; }

    public DateTimeOffset? HoursConfirmedAt { get; private set; }

    public string? DisputeReason { get; private set; }

    public DateTimeOffset? DisputedAt { get; private set; }

    public DateTimeOffset? DisputeAnsweredAt { get; private set; }

    /// <summary>Wrong check-in codes this volunteer gave for this activity; kept, so a restart or another replica forgets none.</summary>
    public int CheckInCodeAttempts { get; private set; }

    public bool IsActive => Status is SignUpStatus.Confirmed or SignUpStatus.Waitlisted;

    public bool HoursConfirmed => HoursConfirmedAt is not null;

    public static SignUp For(Guid activityId, Guid volunteerId, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), ActivityId = activityId, VolunteerId = volunteerId, Status = SignUpStatus.Cancelled, SignedUpAt = now };

    public void Queue(int position, bool confirmed, DateTimeOffset now)
    {
        Position = position;
        Status = confirmed ? SignUpStatus.Confirmed : SignUpStatus.Waitlisted;
        SignedUpAt = now;
    }

    public void Promote(DateTimeOffset now)
    {
        Status = SignUpStatus.Confirmed;
        SignedUpAt = now;
    }

    /// <summary>Gives the place up; returns whether it held a confirmed place (which then goes to the waitlist).</summary>
    public bool Cancel()
    {
        var held = Status == SignUpStatus.Confirmed;
        Status = SignUpStatus.Cancelled;
        return held;
    }

    /// <summary>Wrong codes a volunteer may give per activity; after them only the leader or a deputy checks them in or out.</summary>
    public const int MaxWrongCodes = 5;

    public int CodeTriesLeft => Math.Max(0, MaxWrongCodes - CheckInCodeAttempts);

    /// <summary>
    /// Judges a six-digit code the volunteer gives for check-in or check-out. A wrong one counts; once
    /// five are wrong, no code is judged any more, the right one included: a million codes are
    /// otherwise a few minutes' guessing.
    /// </summary>
    public CodeCheck TryCode(string activityCode, string given)
    {
        if (CheckInCodeAttempts >= MaxWrongCodes)
        {
            return CodeCheck.TooManyAttempts;
        }

        if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(activityCode), Encoding.ASCII.GetBytes(given)))
        {
            return CodeCheck.Right;
        }

        CheckInCodeAttempts++;
        return CodeCheck.Wrong;
    }

    public void CheckIn(DateTimeOffset now) => CheckedInAt ??= now;

    public bool CheckOut(DateTimeOffset now)
    {
        if (CheckedInAt is null)
        {
            return false;
        }

        CheckedOutAt ??= now;
        return true;
    }

    public void ConfirmHours(decimal hours, bool noShow, DateTimeOffset now)
    {
        Hours = noShow ? 0m : hours;
        NoShow = noShow;
        HoursConfirmedAt = now;
    }

    /// <summary>The volunteer contests the hours within the window, once.</summary>
    public DisputeResult Dispute(string reason, TimeSpan window, DateTimeOffset now)
    {
        if (HoursConfirmedAt is null)
        {
            return DisputeResult.NothingToDispute;
        }

        if (DisputedAt is not null)
        {
            return DisputeResult.AlreadyDisputed;
        }

        if (now > HoursConfirmedAt + window)
        {
            return DisputeResult.WindowClosed;
        }

        DisputeReason = reason;
        DisputedAt = now;
        return DisputeResult.Opened;
    }

    /// <summary>The leader answers an open dispute, with the hours that stand; returns the change (zero keeps them).</summary>
    public decimal? Answer(decimal hours, DateTimeOffset now)
    {
        if (DisputedAt is null || DisputeAnsweredAt is not null)
        {
            return null;
        }

        var delta = hours - (Hours ?? 0m);
        Hours = hours;
        NoShow = NoShow && hours == 0m;
        DisputeAnsweredAt = now;
        return delta;
    }
}

internal enum CodeCheck
{
    Right,
    Wrong,
    TooManyAttempts,
}

internal enum DisputeResult
{
    Opened,
    NothingToDispute,
    AlreadyDisputed,
    WindowClosed,
}
