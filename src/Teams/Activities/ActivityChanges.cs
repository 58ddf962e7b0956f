using Alliance.ServiceDefaults.Problems;

namespace Alliance.Teams.Activities;

internal enum ActivityChange
{
    Done,
    Invalid,
    Started,
    Cancelled,
    CapacityBelowConfirmed,
}

/// <summary>Changing an activity before it starts: editing it (a larger capacity fills places from the waitlist) or cancelling it.</summary>
internal sealed partial class Activity
{
    public const int MaxReasonLength = 500;

    public bool HasStarted(DateTimeOffset now) => now >= StartsAt;

    /// <summary>
    /// Edits what is given and keeps the rest; the community and street-wide flag stay (they decide
    /// who may run it and sign up). A started or cancelled activity is refused for its state before
    /// any field is judged; the edited one must pass <see cref="Check"/> as a new one would (a start
    /// in the future, at most <see cref="MaxLength"/>); the capacity may not drop below the places
    /// already confirmed. Call <see cref="FillPlaces"/> afterwards.
    /// </summary>
    public ActivityChange Edit(
        string? title, string? kindId, string? place, DateTimeOffset? startsAt, DateTimeOffset? endsAt, int? capacity, IReadOnlyList<string>? skills,
        DateTimeOffset now, out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (CheckChangeable(now) is { } refusal)
        {
            return refusal;
        }

        errors = Check(title ?? Title, kindId ?? KindId, place ?? Place, CommunityId, startsAt ?? StartsAt, endsAt ?? EndsAt, capacity ?? Capacity, skills ?? RequiredSkills, now);
        if (!errors.IsEmpty)
        {
            return ActivityChange.Invalid;
        }

        if (capacity < ConfirmedCount)
        {
            return ActivityChange.CapacityBelowConfirmed;
        }

        Title = title?.Trim() ?? Title;
        KindId = kindId ?? KindId;
        Place = place?.Trim() ?? Place;
        StartsAt = startsAt?.ToUniversalTime() ?? StartsAt;
        EndsAt = endsAt?.ToUniversalTime() ?? EndsAt;
        Capacity = capacity ?? Capacity;
        RequiredSkills = skills?.Distinct(StringComparer.Ordinal).ToList() ?? RequiredSkills;
        EditedAt = now;
        return ActivityChange.Done;
    }

    /// <summary>Gives the free places to the waitlist, lowest position first; returns those promoted.</summary>
    public IReadOnlyList<SignUp> FillPlaces(IEnumerable<SignUp> waitlist, DateTimeOffset now)
    {
        var promoted = waitlist.Where(s => s.Status == SignUpStatus.Waitlisted).OrderBy(s => s.Position).Take(Math.Max(0, Capacity - ConfirmedCount)).ToList();
        foreach (var signUp in promoted)
        {
            signUp.Promote(now);
            ConfirmedCount++;
        }

        return promoted;
    }

    /// <summary>Cancels the activity before it starts: every active sign-up ends. Returns whose ended, or the refusal.</summary>
    public ActivityChange Cancel(Guid by, string reason, IEnumerable<SignUp> signUps, DateTimeOffset now, out IReadOnlyList<Guid> ended)
    {
        ended = [];
        if (CheckChangeable(now) is { } refusal)
        {
            return refusal;
        }

        var active = signUps.Where(s => s.ActivityId == Id && s.IsActive).ToList();
        active.ForEach(s => s.Cancel());
        ended = active.Select(s => s.VolunteerId).ToList();
        ConfirmedCount = 0;
        CancelledAt = now;
        CancelledBy = by;
        CancellationReason = reason.Trim();
        return ActivityChange.Done;
    }

    private ActivityChange? CheckChangeable(DateTimeOffset now) =>
        IsCancelled ? ActivityChange.Cancelled : HasStarted(now) ? ActivityChange.Started : null;
}
