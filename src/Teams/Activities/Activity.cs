using System.Security.Cryptography;
using Alliance.Contracts.Reference;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Teams.Activities;

/// <summary>
/// An activity a team publishes: a time and place, a capacity with a waitlist behind it, a
/// six-digit code for checking in at the place, and afterwards each attendee's confirmed hours.
/// The counters change only under the activity's row lock (see <see cref="SignUpsApi"/>).
/// </summary>
internal sealed partial class Activity
{
    public const int MaxTitleLength = 100;
    public const int MaxPlaceLength = 200;
    public const int MaxCapacity = 10_000;

    /// <summary>The longest an activity may last: longer ones are not one event a volunteer attends.</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(24);
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private Activity()
    {
    }

    public Guid Id { get; private set; }

    public Guid TeamId { get; private set; }

    /// <summary>The team's leader when it was published; with the community's admins, they run the activity.</summary>
    public Guid LeaderId { get; private set; }

    public Guid PublishedBy { get; private set; }

    public string Title { get; private set; } = "";

    public string KindId { get; private set; } = "";

    public string Place { get; private set; } = "";

    /// <summary>Where it is held: the community its hours are credited to.</summary>
    public string CommunityId { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public int Capacity { get; private set; }

    public List<string> RequiredSkills { get; private set; } = [];

    /// <summary>Open to every verified volunteer of the street, not only the team's members.</summary>
    public bool StreetWide { get; private set; }

    public string CheckInCode { get; private set; } = "";

    public int ConfirmedCount { get; private set; }

    /// <summary>The last queue position handed out: sign-ups and the waitlist are served in this order.</summary>
    public int LastPosition { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? EditedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public Guid? CancelledBy { get; private set; }

    public string? CancellationReason { get; private set; }

    public bool IsCancelled => CancelledAt is not null;

    /// <summary>The longest an attendee can be credited: the activity's length, in hours.</summary>
    public decimal LengthHours => (decimal)(EndsAt - StartsAt).TotalHours;

    /// <summary>The activity's calendar day in Asia/Shanghai.</summary>
    public DateOnly Date => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(StartsAt, Shanghai).DateTime);

    /// <summary>
    /// The fields of a new or edited activity. It starts in the future and lasts at most
    /// <see cref="MaxLength"/>: hours are certified only for time that is still to come when the
    /// activity is announced, so no one publishes an afternoon that "began" months ago.
    /// </summary>
    public static FieldErrors Check(
        string? title, string? kindId, string? place, string? communityId, DateTimeOffset? startsAt, DateTimeOffset? endsAt, int? capacity, IReadOnlyList<string>? skills,
        DateTimeOffset now)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(title), "title", "required"))
        {
            errors.Check(title!.Trim().Length <= MaxTitleLength, "title", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(kindId), "kindId", "required"))
        {
            errors.Check(ReferenceData.Current.IsKind(kindId), "kindId", "unknown_kind");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(place), "place", "required"))
        {
            errors.Check(place!.Trim().Length <= MaxPlaceLength, "place", "too_long");
        }

        if (communityId is not null)
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        if (errors.Check(startsAt is not null, "startsAt", "required"))
        {
            errors.Check(startsAt > now, "startsAt", "in_past");
        }

        if (errors.Check(endsAt is not null, "endsAt", "required") && startsAt is not null && errors.Check(endsAt > startsAt, "endsAt", "not_after_start"))
        {
            errors.Check(endsAt - startsAt <= MaxLength, "endsAt", "too_long");
        }

        if (errors.Check(capacity is not null, "capacity", "required"))
        {
            errors.Check(capacity is >= 1 and <= MaxCapacity, "capacity", "out_of_range");
        }

        foreach (var skill in skills ?? [])
        {
            errors.Check(ReferenceData.Current.IsKind(skill), "requiredSkills", "unknown_kind");
        }

        return errors;
    }

    public static Activity Publish(
        Guid teamId, Guid leaderId, Guid publishedBy, string title, string kindId, string place, string communityId,
        DateTimeOffset startsAt, DateTimeOffset endsAt, int capacity, IReadOnlyList<string> skills, bool streetWide, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(now),
            TeamId = teamId,
            LeaderId = leaderId,
            PublishedBy = publishedBy,
            Title = title.Trim(),
            KindId = kindId,
            Place = place.Trim(),
            CommunityId = communityId,
            StartsAt = startsAt.ToUniversalTime(),
            EndsAt = endsAt.ToUniversalTime(),
            Capacity = capacity,
            RequiredSkills = skills.Distinct(StringComparer.Ordinal).ToList(),
            StreetWide = streetWide,
            CheckInCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = now,
        };

    public bool HasEnded(DateTimeOffset now) => now >= EndsAt;

    /// <summary>Confirmed places still free (the waitlist aside).</summary>
    public int PlacesLeft => Math.Max(0, Capacity - ConfirmedCount);

    /// <summary>Signs a volunteer up (or back up): a place while there is one, else the end of the waitlist.</summary>
    public void Admit(SignUp signUp, DateTimeOffset now)
    {
        var confirmed = ConfirmedCount < Capacity;
        if (confirmed)
        {
            ConfirmedCount++;
        }

        signUp.Queue(++LastPosition, confirmed, now);
    }

    /// <summary>A confirmed place was given up: it goes to the first on the waitlist, if anyone waits.</summary>
    public void Release(SignUp? firstWaiting, DateTimeOffset now)
    {
        ConfirmedCount--;
        if (firstWaiting is not null)
        {
            firstWaiting.Promote(now);
            ConfirmedCount++;
        }
    }
}
