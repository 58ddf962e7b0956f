using Alliance.ServiceDefaults.Database;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity.Tokens;

/// <summary>
/// Once the database is migrated: makes sure the roles exist, and registers (or updates) the
/// client_credentials clients named in configuration.
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

        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

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

        logger.LogInformation("Roles ready; {Count} client_credentials clients registered", settings.Clients.Count);
    }
}
