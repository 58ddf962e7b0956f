using System.Security.Claims;
using Alliance.Needs.Contacts;
using Alliance.ServiceDefaults.Security;
using static Alliance.Needs.Board.NeedCodes;

namespace Alliance.Needs.Board;

/// <summary>
/// Posting a need for someone else (<c>requesterId</c>): only for an assisted account (a resident who is
/// not online) of a place the poster covers, and at that resident's own place, so the grid workers who
/// answer for the resident are those of the need's cell. A signed-up account answers for itself.
/// </summary>
internal static class AssistedPosting
{
    /// <summary>Whether the caller covers any place at all; checked before Identity is asked, so a resident is refused whatever Identity says.</summary>
    public static bool MayPostForOthers(ClaimsPrincipal poster) =>
        poster.AdminScope() is var scope && (scope.WholeStreet || scope.Communities.Count > 0 || scope.Grids.Count > 0);

    /// <summary>Null when <paramref name="poster"/> may post <paramref name="draft"/> for the resident Identity describes; else why not.</summary>
    public static NeedRefusal? Check(ClaimsPrincipal poster, ResidentRecord resident, NeedDraft draft)
    {
        // One answer for unknown, signed-up and out-of-scope accounts: the refusal tells nothing of other people.
        if (!resident.Assisted || !poster.Covers(resident.CommunityId, resident.GridId))
        {
            return OutOfScope;
        }

        return draft.CommunityId == resident.CommunityId && draft.GridId == resident.GridId
            ? null
            : NeedRefusal.Unprocessable(NotResidentsPlace, "A need posted for a resident is at the resident's own community and grid cell.");
    }

    public static NeedRefusal OutOfScope { get; } = NeedRefusal.Forbidden(
        ResidentOutOfScope, "You may post only for an assisted resident (no account of their own online) of a place you cover.");
}
