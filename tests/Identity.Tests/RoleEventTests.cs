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

        var token = await EventuallyAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "role").Contains("volunteer"));
        Assert.Equal(["resident", "volunteer"], Jwt.Claim(token, "role").Order());

        var revoked = new VolunteerVerificationRevoked(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, id, "wanda", Guid.CreateVersion7());
        await app.PublishAsync(revoked, revoked.EventId);

        await EventuallyAsync(() => app.LoginAsync(mobile), t => !Jwt.Claim(t, "role").Contains("volunteer"));
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

        var both = await EventuallyAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "merchant_id").Count == 2);
        Assert.Contains("merchant-staff", Jwt.Claim(both, "role"));
        Assert.Equal(new[] { bowling, teaShop }.Select(m => m.ToString()).Order(), Jwt.Claim(both, "merchant_id").Order());

        var leftBowling = new MerchantStaffRemoved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, bowling, id);
        await app.PublishAsync(leftBowling, leftBowling.EventId);
        var one = await EventuallyAsync(() => app.LoginAsync(mobile), t => Jwt.Claim(t, "merchant_id").Count == 1);
        Assert.Equal([teaShop.ToString()], Jwt.Claim(one, "merchant_id"));
        Assert.Contains("merchant-staff", Jwt.Claim(one, "role"));

        var leftTeaShop = new MerchantStaffRemoved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, teaShop, id);
        await app.PublishAsync(leftTeaShop, leftTeaShop.EventId);
        var none = await EventuallyAsync(() => app.LoginAsync(mobile), t => !Jwt.Claim(t, "role").Contains("merchant-staff"));
        Assert.Empty(Jwt.Claim(none, "merchant_id"));
    }

    [Fact]
    public async Task AnEventAboutAnUnknownAccount_ChangesNothing_AndLaterEventsStillFlow()
    {
        var stranger = new VolunteerVerified(Guid.CreateVersion7(), DateTimeOffset.UtcNow, null, Guid.CreateVersion7(), "wanda", Guid.CreateVersion7());
        await app.PublishAsync(stranger, stranger.EventId);
        var (id, _) = await app.SignUpAsync();

        await app.VerifyVolunteerAsync(id);

        Assert.False(await app.HoldsRoleAsync(stranger.VolunteerId, "volunteer"));
    }

    private static async Task<string> EventuallyAsync(Func<Task<string>> probe, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The token did not change within 30 s.");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
