using System.Text.RegularExpressions;
using Alliance.Contracts.Reference;
using Xunit;

namespace Alliance.Volunteers.Tests;

[Trait("Category", "Unit")]
public sealed partial class ReferenceDataTests
{
    private static readonly ReferenceData Reference = ReferenceData.Current;

    [Fact]
    public void Catalogue_HasTheKindsOfTheSeeds_WithUniqueSnakeCaseIds()
    {
        Assert.Contains(Reference.Kinds, k => k.Id == "home_repair");
        Assert.Contains(Reference.Kinds, k => k.Id == "micro_wish" && k.Name == "微心愿");
        Assert.All(Reference.Kinds, k => Assert.Matches(SnakeCase(), k.Id));
        Assert.Equal(Reference.Kinds.Count, Reference.Kinds.Select(k => k.Id).Distinct().Count());
    }

    [Fact]
    public void Grids_BelongToTheirCommunityOnly()
    {
        Assert.True(Reference.IsGridOf("wanda-01", "wanda"));
        Assert.False(Reference.IsGridOf("wanda-01", "xintang"));
        Assert.False(Reference.IsGridOf("nowhere-01", "wanda"));
        Assert.True(Reference.IsBuildingOf("春分街12号", "wanda-01"));
        Assert.False(Reference.IsBuildingOf("春分街12号", "wanda-02"));
    }

    [Fact]
    public void Ids_AreUniqueAcrossTheStreet()
    {
        var ids = Reference.Communities.Select(c => c.Id)
            .Concat(Reference.Communities.SelectMany(c => c.Grids).Select(g => g.Id))
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal("城北街道", Reference.Street.Name);
    }

    [GeneratedRegex("^[a-z]+(_[a-z]+)*$")]
    private static partial Regex SnakeCase();
}
