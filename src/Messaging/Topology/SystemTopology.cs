using Alliance.Contracts.Identity;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;

namespace Alliance.Messaging.Topology;

/// <summary>
/// One consumer's queue, <c>{service}-{consumer}</c> (<c>points-need-confirmed</c>), and the events it
/// takes: what MassTransit's receive endpoint of that consumer declares, so anyone may declare it first.
/// </summary>
public sealed record ConsumerEndpoint(string Service, string Consumer, params Type[] Events)
{
    public string QueueName => $"{Service}-{Consumer}";
}

/// <summary>
/// Every consumer queue of the whole system and the events bound to it. Every service declares all of
/// them at start, not only its own, so an event published before some of its consumers ever ran waits
/// in their queues instead of being dropped; and a service's registered consumers must be exactly its
/// entries here (it refuses to start otherwise), so the list cannot drift from the code.
/// </summary>
public static class SystemTopology
{
    /// <summary>The services whose consumers this list describes.</summary>
    public static readonly IReadOnlySet<string> Services = new HashSet<string>(StringComparer.Ordinal)
    {
        "identity", "needs", "volunteers", "teams", "merchants", "points", "notifications",
    };

    public static readonly IReadOnlyList<ConsumerEndpoint> Queues =
    [
        new("identity", "volunteer-verified", typeof(VolunteerVerified)),
        new("identity", "volunteer-verification-revoked", typeof(VolunteerVerificationRevoked)),
        new("identity", "merchant-staff-added", typeof(MerchantStaffAdded)),
        new("identity", "merchant-staff-removed", typeof(MerchantStaffRemoved)),
        new("identity", "merchant-verified", typeof(MerchantVerified)),
        new("identity", "merchant-standing", typeof(MerchantSuspended), typeof(MerchantReinstated)),
        new("identity", "volunteer-erased", typeof(VolunteerErased)),
        new("needs", "team-leadership", typeof(TeamLeadershipHandedOver)),
        new("needs", "partner-client-revoked", typeof(PartnerClientRevoked)),
        new("merchants", "partner-client-revoked", typeof(PartnerClientRevoked)),
        new("volunteers", "service-hours-confirmed", typeof(ServiceHoursConfirmed)),
        new("volunteers", "need-confirmed", typeof(NeedConfirmed)),
        new("volunteers", "service-hours-adjusted", typeof(ServiceHoursAdjusted)),
        new("volunteers", "points-credit-reversed", typeof(PointsCreditReversed)),
        new("teams", "need-confirmed", typeof(NeedConfirmed)),
        new("teams", "volunteer-standing", typeof(VolunteerSuspended), typeof(VolunteerReinstated)),
        new("teams", "volunteer-erased", typeof(VolunteerErased)),
        new("points", "volunteer-registered", typeof(VolunteerRegistered)),
        new("points", "volunteer-erased", typeof(VolunteerErased)),
        new("points", "need-confirmed", typeof(NeedConfirmed)),
        new("points", "service-hours-confirmed", typeof(ServiceHoursConfirmed)),
        new("points", "service-hours-adjusted", typeof(ServiceHoursAdjusted)),
        new("points", "account-created", typeof(AccountCreated)),
        new("notifications", "need-notices",
            typeof(NeedClaimed), typeof(NeedClaimAccepted), typeof(NeedClaimDeclined), typeof(NeedStarted), typeof(NeedCompleted), typeof(NeedReleased), typeof(NeedExpired)),
        new("notifications", "volunteer-erased", typeof(VolunteerErased)),
        new("notifications", "place-notices", typeof(NeedClaimEscalated), typeof(NeedPosted), typeof(PairingVisitOverdue)),
        new("notifications", "team-notices", typeof(TeamJoinRequested), typeof(ActivityHoursDisputed)),
        new("notifications", "merchant-notices", typeof(OfferBooked), typeof(OfferRedeemed), typeof(RedemptionExpired)),
        new("notifications", "partner-webhooks", typeof(OfferBooked), typeof(OfferRedeemed), typeof(RedemptionExpired)),
        new("notifications", "volunteer-notices",
            typeof(NeedHelpersAssigned), typeof(NeedConfirmed), typeof(ServiceHoursConfirmed), typeof(PointsCredited),
            typeof(ActivitySignUpPromoted), typeof(ActivityChanged), typeof(ActivityCancelled)),
        new("notifications", "activity-reminders", typeof(ActivitySignedUp), typeof(ActivitySignUpWithdrawn), typeof(ActivityChanged), typeof(ActivityCancelled)),
    ];
}
