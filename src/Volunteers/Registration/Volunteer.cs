using Alliance.Contracts.Reference;
using Alliance.Contracts.Validation;
using Alliance.ServiceDefaults.Problems;

namespace Alliance.Volunteers.Registration;

internal enum VolunteerStatus
{
    Pending,
    Active,
    Suspended,
}

/// <summary>
/// A registered volunteer. The id is the person's account id; the mobile lives in Identity only.
/// </summary>
internal sealed class Volunteer
{
    public const int MaxNameLength = 50;
    public const string PrimaryKey = "pk_volunteers";

    private Volunteer()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string CommunityId { get; private set; } = "";

    public VolunteerStatus Status { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>Checks a registration's fields; an empty result means it may be registered.</summary>
    public static FieldErrors Check(string? name, string? communityId)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name!.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    /// <summary>The signed-in person registers as a volunteer, pending until a community admin verifies it.</summary>
    public static Volunteer Register(Guid accountId, string name, string communityId, DateTimeOffset now)
    {
        var errors = Check(name, communityId);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException("A registration must be checked before it is made.", nameof(name));
        }

        return new Volunteer
        {
            Id = accountId,
            Name = name.Trim(),
            CommunityId = communityId,
            Status = VolunteerStatus.Pending,
            RegisteredAt = now,
        };
    }

    public DateTimeOffset? VerifiedAt { get; private set; }

    public Guid? VerifiedBy { get; private set; }

    public uint Version { get; private set; }

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
        return true;
    }
}
