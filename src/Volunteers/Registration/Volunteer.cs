namespace Alliance.Volunteers.Registration;

internal enum VolunteerStatus
{
    Pending,
    Active,
    Suspended,
}

/// <summary>
/// A registered volunteer. The id is the person's account id; the mobile lives in Identity only,
/// and the ID card number is held only as a ciphertext and a keyed hash (<see cref="IdCardProtector"/>).
/// </summary>
internal sealed class Volunteer
{
    public const string PrimaryKey = "pk_volunteers";
    public const string IdCardHashIndex = "ux_volunteers_id_card_hash";

    private Volunteer()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public byte[]? IdCardCipher { get; private set; }

    public byte[]? IdCardHash { get; private set; }

    public string CommunityId { get; private set; } = "";

    public string GridId { get; private set; } = "";

    public string Building { get; private set; } = "";

    public List<string> Skills { get; private set; } = [];

    public List<AvailabilitySlot> Availability { get; private set; } = [];

    public bool PartyMember { get; private set; }

    public EmergencyContact? EmergencyContact { get; private set; }

    public VolunteerStatus Status { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public Guid? VerifiedBy { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Why the last suspension or reinstatement was made, by whom and when.</summary>
    public string? StatusReason { get; private set; }

    public Guid? StatusChangedBy { get; private set; }

    public DateTimeOffset? StatusChangedAt { get; private set; }

    /// <summary>Every change of status, oldest first: registration, verification, each suspension and reinstatement.</summary>
    public List<VolunteerStatusChange> History { get; private set; } = [];

    /// <summary>The signed-in person registers as a volunteer, pending until a community admin verifies it.</summary>
    public static Volunteer Register(Guid accountId, Registration registration, IdCardProtector idCards, DateTimeOffset now) => new()
    {
        History = [new VolunteerStatusChange(null, VolunteerStatus.Pending, accountId, null, now)],
        Id = accountId,
        Name = registration.Name,
        IdCardCipher = idCards.Encrypt(registration.IdCard, accountId),
        IdCardHash = idCards.Hash(registration.IdCard),
        CommunityId = registration.CommunityId,
        GridId = registration.GridId,
        Building = registration.Building,
        Skills = [.. registration.Skills],
        Availability = [.. registration.Availability],
        PartyMember = registration.PartyMember,
        EmergencyContact = registration.EmergencyContact,
        Status = VolunteerStatus.Pending,
        RegisteredAt = now,
    };

    /// <summary>An admin of the volunteer's community confirms the registration; false unless it is pending.</summary>
    public bool Verify(Guid admin, DateTimeOffset now)
    {
        if (Status != VolunteerStatus.Pending)
        {
            return false;
        }

        Status = VolunteerStatus.Active;
        VerifiedAt = now;
        VerifiedBy = admin;
        History.Add(new VolunteerStatusChange(VolunteerStatus.Pending, VolunteerStatus.Active, admin, null, now));
        return true;
    }

    /// <summary>The volunteer changes the given fields of their profile; the wire names of those whose value differs.</summary>
    public IReadOnlyList<string> Edit(ProfileEdit edit)
    {
        var changed = new List<string>();
        if (edit.Skills is { } skills && !skills.SequenceEqual(Skills))
        {
            Skills = [.. skills];
            changed.Add("skills");
        }

        if (edit.Availability is { } availability && !availability.SequenceEqual(Availability))
        {
            Availability = [.. availability];
            changed.Add("availability");
        }

        if (edit.EmergencyContact is { } contact && contact != EmergencyContact)
        {
            EmergencyContact = contact;
            changed.Add("emergencyContact");
        }

        if (edit.Building is { } building && building != Building)
        {
            Building = building;
            changed.Add("building");
        }

        return changed;
    }

    /// <summary>An admin suspends an active volunteer, with a reason; false unless active.</summary>
    public bool Suspend(Guid admin, string reason, DateTimeOffset now) =>
        ChangeStatus(VolunteerStatus.Active, VolunteerStatus.Suspended, admin, reason, now);

    /// <summary>An admin reinstates a suspended volunteer, with a reason; false unless suspended.</summary>
    public bool Reinstate(Guid admin, string reason, DateTimeOffset now) =>
        ChangeStatus(VolunteerStatus.Suspended, VolunteerStatus.Active, admin, reason, now);

    private bool ChangeStatus(VolunteerStatus from, VolunteerStatus to, Guid admin, string reason, DateTimeOffset now)
    {
        if (Status != from)
        {
            return false;
        }

        Status = to;
        StatusReason = reason;
        StatusChangedBy = admin;
        StatusChangedAt = now;
        History.Add(new VolunteerStatusChange(from, to, admin, reason, now));
        return true;
    }
}

/// <summary>One change of a volunteer's status: from what (none at registration), to what, by whom, why, when.</summary>
internal sealed class VolunteerStatusChange
{
    public VolunteerStatusChange(VolunteerStatus? from, VolunteerStatus to, Guid by, string? reason, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        From = from;
        To = to;
        By = by;
        Reason = reason;
        At = at;
    }

    private VolunteerStatusChange()
    {
    }

    public Guid Id { get; private set; }

    public VolunteerStatus? From { get; private set; }

    public VolunteerStatus To { get; private set; }

    /// <summary>The admin who made the change; the volunteer themself for the registration.</summary>
    public Guid By { get; private set; }

    public string? Reason { get; private set; }

    public DateTimeOffset At { get; private set; }
}
