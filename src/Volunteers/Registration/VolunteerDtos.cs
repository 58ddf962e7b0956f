using Alliance.Contracts.Validation;

namespace Alliance.Volunteers.Registration;

/// <summary>What a person sends to register: the id is theirs from the token; the status is not theirs to set.</summary>
internal sealed record RegisterVolunteerRequest(string? Name, string? CommunityId);

/// <summary>A volunteer as the API shows it (the mobile is Identity's, not shown here).</summary>
internal sealed record VolunteerResponse(
    Guid Id,
    string Name,
    string CommunityId,
    VolunteerStatus Status,
    DateTimeOffset RegisteredAt)
{
    public static VolunteerResponse From(Volunteer volunteer) => new(
        volunteer.Id,
        volunteer.Name,
        volunteer.CommunityId,
        volunteer.Status,
        volunteer.RegisteredAt);
}
