using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Identity;

namespace Alliance.Identity.Tokens;

/// <summary>The roles of docs/domain.md as rows, with fixed ids and stamps so the migration that seeds them never changes.</summary>
internal static class RoleSeed
{
    public static IdentityRole<Guid>[] Rows => Roles.All.Select((name, i) => new IdentityRole<Guid>(name)
    {
        Id = Guid.Parse($"0190a5c8-0000-7000-8000-0000000000{i + 1:D2}"),
        NormalizedName = name.ToUpperInvariant(),
        ConcurrencyStamp = $"role-{name}",
    }).ToArray();

    public static Guid IdOf(string role) =>
        Rows.SingleOrDefault(r => r.Name == role)?.Id ?? throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role of docs/domain.md.");
}
