using System.Collections.Frozen;
using System.Text.Json;

namespace Alliance.Contracts.Reference;

/// <summary>
/// The street's communities, grid cells, buildings and the one catalogue of kinds (which double as
/// skills), read from <c>seeds/reference/reference.json</c>, embedded at build time.
/// An id that is not here is unknown: callers answer 400, never add a row.
/// </summary>
public sealed class ReferenceData
{
    private static readonly Lazy<ReferenceData> Loaded = new(Load);

    private ReferenceData(ReferenceDocument document)
    {
        Version = document.Version;
        Street = document.Street;
        Communities = document.Communities;
        Kinds = document.Kinds;
        communityById = document.Communities.ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        gridById = document.Communities
            .SelectMany(c => c.Grids.Select(g => (Grid: g, Community: c)))
            .ToFrozenDictionary(x => x.Grid.Id, x => x, StringComparer.Ordinal);
        kindById = document.Kinds.ToFrozenDictionary(k => k.Id, StringComparer.Ordinal);
    }

    private readonly FrozenDictionary<string, Community> communityById;
    private readonly FrozenDictionary<string, (Grid Grid, Community Community)> gridById;
    private readonly FrozenDictionary<string, Kind> kindById;

    public static ReferenceData Current => Loaded.Value;

    public int Version { get; }

    public Street Street { get; }

    public IReadOnlyList<Community> Communities { get; }

    public IReadOnlyList<Kind> Kinds { get; }

    public Community? FindCommunity(string? id) =>
        id is not null && communityById.TryGetValue(id, out var community) ? community : null;

    public bool IsCommunity(string? id) => FindCommunity(id) is not null;

    public bool IsKind(string? id) => id is not null && kindById.ContainsKey(id);

    /// <summary>True when the grid exists and belongs to the community.</summary>
    public bool IsGridOf(string? gridId, string? communityId) =>
        gridId is not null && gridById.TryGetValue(gridId, out var entry) && entry.Community.Id == communityId;

    /// <summary>True when the building is listed in that grid.</summary>
    public bool IsBuildingOf(string? building, string? gridId) =>
        building is not null && gridId is not null && gridById.TryGetValue(gridId, out var entry)
        && entry.Grid.Buildings.Contains(building, StringComparer.Ordinal);

    private static ReferenceData Load()
    {
        using var stream = typeof(ReferenceData).Assembly.GetManifestResourceStream("Alliance.Reference.json")
            ?? throw new InvalidOperationException("The reference data is not embedded in Alliance.Contracts.");
        var document = JsonSerializer.Deserialize<ReferenceDocument>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The reference data is empty.");
        return new ReferenceData(document);
    }

    private sealed record ReferenceDocument(int Version, Street Street, IReadOnlyList<Community> Communities, IReadOnlyList<Kind> Kinds);
}

public sealed record Street(string Id, string Name, string District);

public sealed record Community(string Id, string Name, IReadOnlyList<Grid> Grids);

public sealed record Grid(string Id, string Name, IReadOnlyList<string> Buildings);

/// <summary>A kind of service; the same ids name volunteers' skills and merchants' trades.</summary>
public sealed record Kind(string Id, string Name);
