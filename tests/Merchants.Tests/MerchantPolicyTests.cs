using System.Security.Claims;
using Alliance.Merchants.Onboarding;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Alliance.Merchants.Tests;

/// <summary>The merchant's named policies as rules, through ASP.NET Core's own authorization service.</summary>
public sealed class MerchantPolicyTests
{
    private readonly IAuthorizationService authorization = new ServiceCollection()
        .AddLogging().AddAuthorizationBuilder().AddMerchantPolicies().Services
        .BuildServiceProvider().GetRequiredService<IAuthorizationService>();

    private readonly Merchant merchant = Merchant.Register(
        Guid.CreateVersion7(), "城北保龄球馆", LicenceNumbers.Next(), ["activity_wish"], "wanda", DateTimeOffset.UtcNow);

    [Fact]
    public async Task Staff_AllowsItsOwnStaffAndPartnerSystem_ButNotAnotherMerchantsNorItsRegistrantBeforeVerification()
    {
        Assert.True(await Allows(Caller((AllianceClaims.MerchantId, merchant.Id.ToString())), MerchantPolicies.Staff));
        Assert.True(await Allows(Caller((AllianceClaims.ClientId, "partner-bowling"), (AllianceClaims.MerchantId, merchant.Id.ToString())), MerchantPolicies.Staff));
        Assert.False(await Allows(Caller((AllianceClaims.MerchantId, Guid.CreateVersion7().ToString())), MerchantPolicies.Staff));
        Assert.False(await Allows(Caller((AllianceClaims.Subject, merchant.RegisteredBy.ToString())), MerchantPolicies.Staff));
    }

    [Fact]
    public async Task ScopedAdmin_AllowsAnAdminOfItsCommunity_ButNeverTheRegistrantThemself()
    {
        Assert.True(await Allows(Caller((AllianceClaims.Subject, Guid.CreateVersion7().ToString()), (AllianceClaims.Role, Roles.CommunityAdmin), (AllianceClaims.CommunityId, "wanda")), MerchantPolicies.ScopedAdmin));
        Assert.False(await Allows(Caller((AllianceClaims.Subject, Guid.CreateVersion7().ToString()), (AllianceClaims.Role, Roles.CommunityAdmin), (AllianceClaims.CommunityId, "fushun")), MerchantPolicies.ScopedAdmin));
        Assert.False(await Allows(Caller((AllianceClaims.Subject, merchant.RegisteredBy.ToString()), (AllianceClaims.Role, Roles.StreetAdmin)), MerchantPolicies.ScopedAdmin));
    }

    private Task<bool> Allows(ClaimsPrincipal user, string policy) => authorization.AllowsAsync(user, merchant, policy);

    private static ClaimsPrincipal Caller(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "Bearer", AllianceClaims.Name, AllianceClaims.Role));
}
