namespace Alliance.Merchants.Onboarding;

internal enum StaffInvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Withdrawn,
}

/// <summary>
/// A merchant's staff (or its partner system) asks a person, by account id, to join its staff. The
/// person becomes staff only by accepting: no one is made merchant staff (which carries the role and,
/// once they accept a booking, residents' addresses) without their consent. A street admin may add
/// staff directly instead.
/// </summary>
internal sealed class StaffInvitation
{
    public const string UniquePendingIndex = "ux_staff_invitations_pending";

    private StaffInvitation()
    {
    }

    public Guid Id { get; private set; }

    public Guid MerchantId { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The staff member who invited, or null for the merchant's partner system.</summary>
    public Guid? InvitedBy { get; private set; }

    public DateTimeOffset InvitedAt { get; private set; }

    public StaffInvitationStatus Status { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool IsPending => Status == StaffInvitationStatus.Pending;

    public static StaffInvitation Invite(Guid merchantId, Guid accountId, Guid? invitedBy, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        MerchantId = merchantId,
        AccountId = accountId,
        InvitedBy = invitedBy,
        InvitedAt = now,
        Status = StaffInvitationStatus.Pending,
    };

    /// <summary>The merchant's staff or partner system take the invitation back; false unless it is still pending.</summary>
    public bool Withdraw(DateTimeOffset now)
    {
        if (!IsPending)
        {
            return false;
        }

        Status = StaffInvitationStatus.Withdrawn;
        AnsweredAt = now;
        return true;
    }

    /// <summary>The invited person answers; false unless it is still pending.</summary>
    public bool Answer(bool accept, DateTimeOffset now)
    {
        if (!IsPending)
        {
            return false;
        }

        Status = accept ? StaffInvitationStatus.Accepted : StaffInvitationStatus.Declined;
        AnsweredAt = now;
        return true;
    }
}
