using Alliance.Contracts.Validation;

namespace Alliance.Volunteers.Registration;

/// <summary>What a caller sends to register. The status and the id are not the caller's to set.</summary>
internal sealed record RegisterVolunteerRequest(string? Name, string? Mobile, string? CommunityId);

/// <summary>A volunteer as the API shows it: the mobile is masked.</summary>
internal sealed record VolunteerResponse(
    Guid Id,
    string Name,
    string Mobile,
    string CommunityId,
    VolunteerStatus Status,
    DateTimeOffset RegisteredAt)
{
    public static VolunteerResponse From(Volunteer volunteer) => new(
        volunteer.Id,
        volunteer.Name,
        ChineseFormats.MaskMobile(volunteer.Mobile),
        volunteer.CommunityId,
        volunteer.Status,
        volunteer.RegisteredAt);
}
