using Alliance.Contracts.Reference;

namespace Alliance.ServiceDefaults.Problems;

/// <summary>The rules of a people search's optional filters against the street's reference data: a skill is a catalogue kind, a community one of the street's, a grid one of that community's (or of any, without one).</summary>
public static class SearchFilters
{
    public static void CheckSearchFilters(this FieldErrors errors, string? skill, string? communityId, string? gridId)
    {
        var reference = ReferenceData.Current;
        errors.Check(skill is null || reference.IsKind(skill), "skill", "unknown_kind");
        errors.Check(communityId is null || reference.IsCommunity(communityId), "communityId", "unknown_community");
        errors.Check(
            gridId is null || (communityId is null ? reference.Communities.Any(c => reference.IsGridOf(gridId, c.Id)) : reference.IsGridOf(gridId, communityId)),
            "gridId", "unknown_grid");
    }
}
