using Microsoft.AspNetCore.Identity;

namespace Alliance.Identity.Tokens;

/// <summary>Who a token is for (its <c>aud</c>), and the roles of DOMAIN.md.</summary>
internal static class Audiences
{
    /// <summary>Public access tokens: the resident, volunteer and merchant apps and partner systems.</summary>
    public const string Api = "alliance-api";
}

internal static class Roles
{
    public const string Resident = "resident";
    public const string Volunteer = "volunteer";
    public const string MerchantStaff = "merchant-staff";
    public const string GridWorker = "grid-worker";
    public const string CommunityAdmin = "community-admin";
    public const string StreetAdmin = "street-admin";

    public static readonly IReadOnlyList<string> All = [Resident, Volunteer, MerchantStaff, GridWorker, CommunityAdmin, StreetAdmin];

    /// <summary>Fixed ids and stamps, so the migration that seeds them never changes.</summary>
    public static IdentityRole<Guid>[] Seed => All.Select((name, i) => new IdentityRole<Guid>(name)
    {
        Id = Guid.Parse($"0190a5c8-0000-7000-8000-0000000000{i + 1:D2}"),
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = $"role-{name}",
    }).ToArray();
}
