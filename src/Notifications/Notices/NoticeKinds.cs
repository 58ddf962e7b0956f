namespace Alliance.Notifications.Notices;

/// <summary>The kinds of notification, as the wire and the templates (Resources/Notices*.resx) name them.</summary>
internal static class NoticeKinds
{
    // To the resident who posted the need.
    public const string NeedClaimed = "needClaimed";
    public const string NeedClaimAccepted = "needClaimAccepted";
    public const string NeedStarted = "needStarted";
    public const string NeedCompleted = "needCompleted";
    public const string NeedReleased = "needReleased";
    public const string NeedExpired = "needExpired";

    // To the volunteer who claimed it.
    public const string ClaimAccepted = "claimAccepted";
    public const string ClaimDeclined = "claimDeclined";

    // To the grid workers of the place and the admins of its community.
    public const string ClaimEscalated = "claimEscalated";
    public const string AssistedNeedPosted = "assistedNeedPosted";
    public const string PairingVisitOverdue = "pairingVisitOverdue";

    // To a team's leader and deputies.
    public const string JoinRequested = "joinRequested";
    public const string HoursDisputed = "hoursDisputed";

    // To every staff member of the merchant.
    public const string OfferBooked = "offerBooked";
    public const string RedemptionToConfirm = "redemptionToConfirm";
    public const string CodeExpired = "codeExpired";

    // To the volunteer: their work, their hours and points, the activities they signed up for.
    public const string HelperAssigned = "helperAssigned";
    public const string HoursConfirmed = "hoursConfirmed";
    public const string PointsCredited = "pointsCredited";
    public const string WaitlistPromoted = "waitlistPromoted";
    public const string ActivityChanged = "activityChanged";
    public const string ActivityCancelled = "activityCancelled";

    // Reminders (due work, src/Notifications/Reminders).
    public const string ActivityReminder = "activityReminder";
    public const string PointsExpiring = "pointsExpiring";

    public static readonly IReadOnlyList<string> All =
    [
        NeedClaimed, NeedClaimAccepted, NeedStarted, NeedCompleted, NeedReleased, NeedExpired, ClaimAccepted, ClaimDeclined,
        ClaimEscalated, AssistedNeedPosted, PairingVisitOverdue, JoinRequested, HoursDisputed,
        OfferBooked, RedemptionToConfirm, CodeExpired,
        HelperAssigned, HoursConfirmed, PointsCredited, WaitlistPromoted, ActivityChanged, ActivityCancelled, ActivityReminder, PointsExpiring,
    ];
}
