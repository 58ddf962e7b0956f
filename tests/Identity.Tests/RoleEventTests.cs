using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;
using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class RoleEventTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task VolunteerVerified_DeliveredTwice_GrantsTheRoleOnce_AndItsRevocationTakesItAway()
    {
        var (id, mobile) = await app.SignUpAsync();
        var verified = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, id, "wanda", Guid.CreateVersion7());

        await app.PublishAsync(verified, verified.EventId);
        await app.PublishAsync(verified, verified.EventId);

        var token = await Eventually.ReturnsAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "role").Contains("volunteer"), "The volunteer role in a new token");
        Assert.Equal(["resident", "volunteer"], Jwt.Claim(token, "role").Order());

        var revoked = new VolunteerVerificationRevoked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, id, "wanda", Guid.CreateVersion7());
        await app.PublishAsync(revoked, revoked.EventId);

        await Eventually.ReturnsAsync(() => app.LoginAsync(mobile), t => !Jwt.Claim(t, "role").Contains("volunteer"), "A new token without the volunteer role");
    }

    [Fact]
    public async Task MerchantStaff_CarriesOneMerchantIdPerMerchant_AndTheRoleGoesWithTheLast()
    {
        var (id, mobile) = await app.SignUpAsync();
        Guid bowling = Guid.CreateVersion7(), teaShop = Guid.CreateVersion7();

        foreach (var merchant in new[] { bowling, teaShop })
        {
            var added = new MerchantStaffAdded(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, merchant, id);
            await app.PublishAsync(added, added.EventId);
        }

        var both = await Eventually.ReturnsAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "merchant_id").Count == 2, "Two merchant ids in a new token");
        Assert.Contains("merchant-staff", Jwt.Claim(both, "role"));
        Assert.Equal(new[] { bowling, teaShop }.Select(m => m.ToString()).Order(), Jwt.Claim(both, "merchant_id").Order());

        var leftBowling = new MerchantStaffRemoved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, bowling, id);
        await app.PublishAsync(leftBowling, leftBowling.EventId);
        var one = await Eventually.ReturnsAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "merchant_id").Count == 1, "One merchant id in a new token");
        Assert.Equal([teaShop.ToString()], Jwt.Claim(one, "merchant_id"));
        Assert.Contains("merchant-staff", Jwt.Claim(one, "role"));

        var leftTeaShop = new MerchantStaffRemoved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, teaShop, id);
        await app.PublishAsync(leftTeaShop, leftTeaShop.EventId);
        var none = await Eventually.ReturnsAsync(() => app.LoginAsync(mobile), t => !Jwt.Claim(t, "role").Contains("merchant-staff"), "A new token without merchant-staff");
        Assert.Empty(Jwt.Claim(none, "merchant_id"));
    }

    [Fact]
    public async Task AnEventAboutAnUnknownAccount_ChangesNothing_AndLaterEventsStillFlow()
    {
        var stranger = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda", Guid.CreateVersion7());
        await app.PublishAsync(stranger, stranger.EventId);
        var (id, _) = await app.SignUpAsync();

        await app.VerifyVolunteerAsync(id);

        // Identity has dealt with the stranger's event (its inbox row), and it changed nothing.
        await app.HandledAsync(stranger.EventId);
        Assert.False(await app.HoldsRoleAsync(stranger.VolunteerId, "volunteer"));
    }
}
