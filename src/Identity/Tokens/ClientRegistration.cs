using Alliance.ServiceDefaults.Database;
using Alliance.ServiceDefaults.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Tokens;

/// <summary>
/// Once the database is migrated, registers (or updates) the client_credentials clients named in
/// configuration, retrying while the database is away rather than stopping the service. Identity
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
        foreach (var (clientId, client) in settings.Clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = clientId,
                ClientSecret = client.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.DisplayName ?? clientId,
                Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, Permissions.Prefixes.Scope + Audiences.Api },
            };
            if (await applications.FindByClientIdAsync(clientId, stoppingToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, stoppingToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, stoppingToken);
            }
        }

        logger.LogInformation("{Count} client_credentials clients registered", settings.Clients.Count);
    }
}

internal sealed class ClientRegistrationHealthCheck(ClientRegistration registration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registration.Registered
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The client_credentials clients are not registered yet."));
}
