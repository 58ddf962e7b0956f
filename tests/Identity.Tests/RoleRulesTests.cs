using System.Security.Claims;
using Alliance.Identity.RoleGrants;
using Alliance.ServiceDefaults.Problems;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>The rules of role grants, without a database.</summary>
[Trait("Category", "Unit")]
public sealed class RoleRulesTests
{
    private static ClaimsPrincipal Caller(string role, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(
            claims.Select(c => new Claim(c.Type, c.Value)).Append(new Claim("role", role)), "test", "name", "role"));

    [Fact]
    public void AScopedRole_ComesWithItsFirstBinding_AndGoesWithItsLast()
    {
        var roles = new AccountRoles(["resident"], []);

        var granted = roles.Grant("grid-worker", ["wanda-01", "wanda-02"]);
        var again = roles.Grant("grid-worker", ["wanda-01"]);
        var one = roles.Revoke("grid-worker", ["wanda-01"]);
        var last = roles.Revoke("grid-worker", ["wanda-02"]);

        Assert.True(granted.RoleAdded);
        Assert.Equal(["wanda-01", "wanda-02"], granted.ScopeAdded);
        Assert.True(again.IsNone);
        Assert.False(one.RoleRemoved);
        Assert.True(last.RoleRemoved);
        Assert.False(roles.Has("grid-worker"));
    }

    [Fact]
    public void ACommunityAdmin_ManagesGridWorkersOfTheirOwnCommunityOnly()
    {
        var wandaAdmin = Caller("community-admin", ("community_id", "wanda"));

        Assert.True(RoleRules.MayManage(wandaAdmin, "grid-worker", ["wanda-01", "wanda-02"]));
        Assert.False(RoleRules.MayManage(wandaAdmin, "grid-worker", ["wanda-01", "xintang-01"]));
        Assert.False(RoleRules.MayManage(wandaAdmin, "community-admin", ["wanda"]));
        Assert.False(RoleRules.MayManage(wandaAdmin, "street-admin", []));
        Assert.Equal(["wanda-02"], RoleRules.RevocableBy(wandaAdmin, "grid-worker", ["xintang-01", "wanda-02"]));
    }

    [Fact]
    public void AGridWorker_ManagesNoOne_AndAStreetAdminEveryAdminRole()
    {
        var worker = Caller("grid-worker", ("grid_id", "wanda-01"));
        var street = Caller("street-admin");

        Assert.False(RoleRules.MayManage(worker, "grid-worker", ["wanda-01"]));
        Assert.All(RoleRules.Assignable, role => Assert.True(RoleRules.MayManage(street, role, role == "grid-worker" ? ["quanyun-01"] : ["wanda"])));
    }

    [Theory]
    [InlineData("volunteer", RoleRules.FollowsEvents)]
    [InlineData("merchant-staff", RoleRules.FollowsEvents)]
    [InlineData("resident", RoleRules.Everyones)]
    [InlineData("grid-worker", null)]
    public void RolesThatFollowFacts_AreRefused(string role, string? code) =>
        Assert.Equal(code, RoleRules.RefusalFor(role));

    [Fact]
    public void AGridWorkersCells_MustBeKnown_AndInTheNamedCommunity()
    {
        var errors = new FieldErrors();

        RoleRules.CheckScope("grid-worker", "xintang", ["wanda-01"], errors);

        Assert.Equal(["grid_not_in_community"], errors.ToDictionary()["gridIds"]);
    }
}
