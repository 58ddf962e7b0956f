using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Tokens;

/// <summary>
/// Once the database is migrated, registers (or updates) the client_credentials clients named in
/// configuration (partner systems in <c>Identity:Clients</c>, services in <c>Identity:Services</c>) and the apps' public
/// client (<see cref="AppClient"/>), retrying while the database is away rather than stopping the service. Identity
/// is not ready (<c>/health</c>) until it has: before, a partner system's token request would fail.
/// </summary>
internal sealed class ClientRegistration(
    IServiceScopeFactory scopes, DatabaseReadiness readiness, IdentitySettings settings, ILogger<ClientRegistration> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!readiness.IsReady)
        {
            await Task.Delay(200, stoppingToken);
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await RegisterAsync(stoppingToken);
                Registered = true;
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Another instance registering the same client at once, or the database away.
                logger.LogWarning(ex, "Registering client_credentials clients failed (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }

    public bool Registered { get; private set; }

    private async Task RegisterAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        // A client may ask only for its own audience's scope: a partner never gets an internal
        // token, and a service never gets a public one.
        foreach (var (clientId, client) in settings.Clients)
        {
            await RegisterAsync(applications, clientId, client.Secret, client.DisplayName ?? clientId, Audiences.Api, stoppingToken);
        }

        foreach (var (service, client) in settings.Services)
        {
            await RegisterAsync(applications, service, client.Secret, $"The {service} service", Audiences.Internal, stoppingToken);
        }

        await CreateOrUpdateAsync(applications, AppClient.Descriptor(), stoppingToken);

        // A client taken out of configuration loses its access at once, not when someone remembers.
        var configured = settings.Clients.Keys.Concat(settings.Services.Keys).Append(AppClient.Id).ToHashSet(StringComparer.Ordinal);
        var removed = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, stoppingToken))
        {
            // Partner clients a street admin issued live in the database only (PartnerClientsApi).
            var issued = (await applications.GetPropertiesAsync(application, stoppingToken)).ContainsKey(PartnerClients.PartnerClientsApi.MerchantProperty);
            if (!issued && (await applications.GetClientIdAsync(application, stoppingToken) is not { } clientId || !configured.Contains(clientId)))
            {
                removed.Add(application);
            }
        }

        foreach (var application in removed)
        {
            logger.LogWarning("Client {ClientId} is no longer configured: removed", await applications.GetClientIdAsync(application, stoppingToken));
            await applications.DeleteAsync(application, stoppingToken);
        }

        logger.LogInformation("{Partners} partner and {Services} service client_credentials clients and the app client {AppClient} registered",
            settings.Clients.Count, settings.Services.Count, AppClient.Id);
    }

    private static async Task RegisterAsync(
        IOpenIddictApplicationManager applications, string clientId, string secret, string displayName, string scope, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = displayName,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + scope },
        };
        await CreateOrUpdateAsync(applications, descriptor, ct);
    }

    private static async Task CreateOrUpdateAsync(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        if (await applications.FindByClientIdAsync(descriptor.ClientId!, ct) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
        else
        {
            await applications.CreateAsync(descriptor, ct);
        }
    }
}

internal sealed class ClientRegistrationHealthCheck(ClientRegistration registration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registration.Registered
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The client_credentials clients are not registered yet."));
}
