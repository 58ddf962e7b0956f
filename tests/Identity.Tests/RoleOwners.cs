using Alliance.Testing;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// Identity with the real owners of the roles it carries beside it, on a virtual host of their own:
/// Volunteers and Merchants publish their events there, and this Identity asks them who holds the
/// roles. People sign up at this Identity; the owners check tokens of the project's shared Identity,
/// which signs with the same test key.
/// </summary>
public sealed class RoleOwners(Containers containers) : IAsyncLifetime
{
    private VolunteersOwner? volunteers;
    private MerchantsOwner? merchants;
    private IdentityApp? identity;

    public IdentityApp Identity => identity ?? throw new InvalidOperationException("Not started.");

    public ServiceApp<Alliance.Volunteers.Service> Volunteers => volunteers ?? throw new InvalidOperationException("Not started.");

    public ServiceApp<Alliance.Merchants.Service> Merchants => merchants ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        var broker = await containers.CreateVirtualHostAsync();
        volunteers = new VolunteersOwner(containers, broker);
        merchants = new MerchantsOwner(containers, broker);
        await Task.WhenAll(volunteers.InitializeAsync().AsTask(), merchants.InitializeAsync().AsTask());
        identity = IdentityApp.AskingOwners(containers, broker, new Dictionary<string, string>
        {
            ["volunteers"] = volunteers.Host.GrpcDiscoveryValue,
            ["merchants"] = merchants.Host.GrpcDiscoveryValue,
        });
        await identity.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in new IAsyncLifetime?[] { identity, merchants, volunteers })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private sealed class VolunteersOwner(Containers containers, string broker)
        : ServiceApp<Alliance.Volunteers.Service>(containers, Alliance.Volunteers.Service.Name)
    {
        protected override string? Broker => broker;

        protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
    }

    private sealed class MerchantsOwner(Containers containers, string broker)
        : ServiceApp<Alliance.Merchants.Service>(containers, Alliance.Merchants.Service.Name)
    {
        protected override string? Broker => broker;
    }
}
