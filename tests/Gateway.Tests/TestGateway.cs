using Alliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Gateway.Tests;

internal static class TestGateway
{
    /// <summary>
    /// A gateway on a loopback port whose services all live at <paramref name="services"/> and whose
    /// Identity (for its routes and its signing keys) lives at <paramref name="identity"/>.
    /// </summary>
    public static ServiceHost<GatewayServices> Start(
        string services, string identity, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = GatewayServices.All.ToDictionary(
            s => $"services:{s.Name}:http:0",
            s => (string?)(s.Name == "identity" ? identity : services));
        settings["Identity:Issuer"] = IdentityApp.Issuer;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ServiceHost<GatewayServices>(settings, configureServices, grpcEndpoint: false);
    }
}
