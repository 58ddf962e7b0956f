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
/// A registered volunteer. Provisional shape: the identity issue makes the id the account's id
/// and takes the mobile from the account.
/// </summary>
internal sealed class Volunteer
{
    public const int MaxNameLength = 50;
    public const string UniqueMobileIndex = "ux_volunteers_mobile";

    private Volunteer()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Mobile { get; private set; } = "";

    public string CommunityId { get; private set; } = "";

    public VolunteerStatus Status { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    /// <summary>Checks a registration's fields; an empty result means it may be registered.</summary>
    public static FieldErrors Check(string? name, string? mobile, string? communityId)
    {
        var errors = new FieldErrors();
        if (errors.Check(!string.IsNullOrWhiteSpace(name), "name", "required"))
        {
            errors.Check(name!.Trim().Length <= MaxNameLength, "name", "too_long");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(mobile), "mobile", "required"))
        {
            errors.Check(ChineseFormats.IsMobile(mobile), "mobile", "mobile_format");
        }

        if (errors.Check(!string.IsNullOrWhiteSpace(communityId), "communityId", "required"))
        {
            errors.Check(ReferenceData.Current.IsCommunity(communityId), "communityId", "unknown_community");
        }

        return errors;
    }

    /// <summary>A new registration, pending until a community admin verifies it.</summary>
    public static Volunteer Register(string name, string mobile, string communityId, DateTimeOffset now)
    {
        var errors = Check(name, mobile, communityId);
        if (!errors.IsEmpty)
        {
            throw new ArgumentException("A registration must be checked before it is made.", nameof(name));
        }

        return new Volunteer
        {
            Id = Guid.CreateVersion7(now),
            Name = name.Trim(),
            Mobile = mobile,
            CommunityId = communityId,
            Status = VolunteerStatus.Pending,
            RegisteredAt = now,
        };
    }
}
