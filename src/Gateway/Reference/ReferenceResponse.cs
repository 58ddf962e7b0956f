using Alliance.Contracts.Reference;

namespace Alliance.Gateway;

/// <summary>
/// The street, its communities with their grid cells and buildings, and the one catalogue of kinds
/// (which double as volunteers' skills and merchants' trades). Names are the street's own, in Chinese;
/// an id is what every request carries.
/// </summary>
internal sealed record ReferenceResponse(
    int Version,
    ReferenceStreet Street,
    IReadOnlyList<ReferenceCommunity> Communities,
    IReadOnlyList<ReferenceKind> Kinds)
{
    public static ReferenceResponse From(ReferenceData data) => new(
        data.Version,
        new ReferenceStreet(data.Street.Id, data.Street.Name, data.Street.District),
        [.. data.Communities.Select(c => new ReferenceCommunity(c.Id, c.Name, [.. c.Grids.Select(g => new ReferenceGrid(g.Id, g.Name, g.Buildings))]))],
        [.. data.Kinds.Select(k => new ReferenceKind(k.Id, k.Name))]);
}

internal sealed record ReferenceStreet(string Id, string Name, string District);

internal sealed record ReferenceCommunity(string Id, string Name, IReadOnlyList<ReferenceGrid> Grids);

/// <summary>A grid cell (网格) and its buildings: a need's <c>building</c> is one of these names, as written.</summary>
internal sealed record ReferenceGrid(string Id, string Name, IReadOnlyList<string> Buildings);

internal sealed record ReferenceKind(string Id, string Name);
