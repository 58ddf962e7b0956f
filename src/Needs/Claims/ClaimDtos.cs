using Alliance.ServiceDefaults.OpenApi;

namespace Alliance.Needs.Claims;

/// <summary>A claim: empty for the caller as a volunteer, or naming the team the caller leads.</summary>
[RequestExample("""{ "teamId": "019385a2-6c1e-7d3b-9f4a-2b8c5e1d7a90" }""")]
internal sealed record ClaimRequest(Guid? TeamId);

/// <summary>A merchant's claim, made by one of its staff: the merchant must be one the caller's token names.</summary>
internal sealed record MerchantClaimRequest([RequiredField] Guid? MerchantId);

/// <summary>The team's members who go, named by the team's leader.</summary>
internal sealed record AssignHelpersRequest(List<Guid>? VolunteerIds);

/// <summary>The claimant's words on letting a need go; they stay in Needs.</summary>
internal sealed record ReleaseRequest(string? Reason);
