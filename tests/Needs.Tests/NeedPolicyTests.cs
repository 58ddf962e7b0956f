using System.Security.Claims;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>The need's named policies as rules, through ASP.NET Core's own authorization service.</summary>
public sealed class NeedPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly IAuthorizationService authorization = new ServiceCollection()
        .AddLogging().AddAuthorizationBuilder().AddNeedPolicies().Services
        .BuildServiceProvider().GetRequiredService<IAuthorizationService>();

    [Fact]
    public async Task Requester_AllowsTheResidentWhoPosted_AndAdminsOfItsCommunity_ButNoOneElse()
    {
        var resident = Guid.CreateVersion7();
        var need = Needs.Open(resident);

        Assert.True(await Allows(Person(resident), need, NeedPolicies.Requester));
        Assert.True(await Allows(Person(Guid.CreateVersion7(), Roles.CommunityAdmin, (AllianceClaims.CommunityId, "wanda")), need, NeedPolicies.Requester));
        Assert.True(await Allows(Person(Guid.CreateVersion7(), Roles.StreetAdmin), need, NeedPolicies.Requester));
        Assert.False(await Allows(Person(Guid.CreateVersion7()), need, NeedPolicies.Requester));
        Assert.False(await Allows(Person(Guid.CreateVersion7(), Roles.CommunityAdmin, (AllianceClaims.CommunityId, "fushun")), need, NeedPolicies.Requester));
        // A community claim without the role it belongs to counts for nothing.
        Assert.False(await Allows(Person(Guid.CreateVersion7(), Roles.Resident, (AllianceClaims.CommunityId, "wanda")), need, NeedPolicies.Requester));
    }

    [Fact]
    public async Task Claimant_AllowsOnlyTheOneWhoClaimed()
    {
        var claimant = Guid.CreateVersion7();
        var need = Needs.Open(communityId: "xintang", gridId: "xintang-01");

        Assert.False(await Allows(Person(claimant), need, NeedPolicies.Claimant));
        need.ClaimForVolunteer(claimant, Now);
        Assert.True(await Allows(Person(claimant), need, NeedPolicies.Claimant));
        Assert.False(await Allows(Person(need.RequesterId), need, NeedPolicies.Claimant));
        Assert.False(await Allows(Person(Guid.CreateVersion7(), Roles.StreetAdmin), need, NeedPolicies.Claimant));
    }

    private Task<bool> Allows(ClaimsPrincipal user, Need need, string policy) => authorization.AllowsAsync(user, need, policy);

    private static ClaimsPrincipal Person(Guid id, string role = Roles.Resident, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(
            [new Claim(AllianceClaims.Subject, id.ToString()), new Claim(AllianceClaims.Role, role), .. claims.Select(c => new Claim(c.Type, c.Value))],
            authenticationType: "Bearer", nameType: AllianceClaims.Name, roleType: AllianceClaims.Role));
}
