using Alliance.Contracts.Identity;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Caching.Memory;

namespace Alliance.Notifications.Notices;

/// <summary>
/// Who looks after a place, asked of Identity (<c>GetRoleHolders</c>) when an event about the place
/// comes: the grid workers of its cell and the admins of its community. Asked, not kept from role
/// events, so a worker who left the cell an hour ago is not told. Kept for a minute: an escalation
/// and an overdue visit in one cell often come together. Identity not answering throws, so the
/// consumer waits it out.
/// </summary>
internal sealed class PlaceRoles(IdentityService.IdentityServiceClient identity, IMemoryCache cache)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    /// <summary>The grid workers of the cell (if any) and the admins of the community, each once.</summary>
    public async Task<IReadOnlyList<Guid>> CaretakersAsync(string communityId, string? gridId, CancellationToken ct)
    {
        var admins = await HoldersAsync(Roles.CommunityAdmin, communityId, ct);
        var workers = string.IsNullOrEmpty(gridId) ? [] : await HoldersAsync(Roles.GridWorker, gridId, ct);
        return [.. workers.Concat(admins).Distinct()];
    }

    private async Task<IReadOnlyList<Guid>> HoldersAsync(string role, string scope, CancellationToken ct)
    {
        var key = $"holders:{role}:{scope}";
        if (cache.TryGetValue(key, out IReadOnlyList<Guid>? known) && known is not null)
        {
            return known;
        }

        var reply = await identity.GetRoleHoldersAsync(new GetRoleHoldersRequest { Role = role, Scope = scope }, cancellationToken: ct);
        IReadOnlyList<Guid> holders = [.. reply.AccountIds.Select(Guid.Parse)];
        cache.Set(key, holders, KeepFor);
        return holders;
    }
}
