using Alliance.Contracts.Merchants;
using Alliance.Contracts.Volunteers;
using Alliance.Identity.Accounts;
using Alliance.Identity.Data;
using Alliance.Identity.PartnerClients;
using Alliance.Identity.RoleGrants;
using Alliance.Identity.Tokens;
using Alliance.ServiceDefaults.Grpc;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Alliance.Identity;

internal static class Extensions
{
    /// <summary>The password-hashing iteration count under test; read in the Testing environment only.</summary>
    public const string TestHashIterations = "Identity:Testing:PasswordHashIterations";

    /// <summary>The proxies (the gateway's addresses or networks) whose X-Forwarded-* headers Identity trusts besides loopback.</summary>
    public const string TrustedNetworksKey = "Identity:TrustedNetworks";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Identity").Get<IdentitySettings>() ?? new IdentitySettings();
        if (settings.Clients.Keys.FirstOrDefault(settings.IsServiceClient) is { } clash)
        {
            throw new InvalidOperationException($"Identity:Clients:{clash} has a service's name; partner client ids must differ from Identity:Services.");
        }

        if (settings.Clients.ContainsKey(AppClient.Id) || settings.IsServiceClient(AppClient.Id))
        {
            throw new InvalidOperationException($"{AppClient.Id} is the apps' public client; no configured client may take its id.");
        }

        builder.Services.AddSingleton(settings);

        builder.AddServiceApi(Service.Name);
        builder.AddServiceDatabase<IdentityDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<IdentityDbContext>(Service.Name, bus =>
        {
            // Each holds an account's row while its owner answers (at most RoleOwners.Deadline): a few
            // at a time, so a burst (a merchant's whole staff at its suspension) leaves Identity's
            // connection pool to sign-ins.
            bus.AddConsumer<VolunteerVerifiedConsumer>((_, c) => c.ConcurrentMessageLimit = RoleOwners.ConcurrentQuestions);
            bus.AddConsumer<VolunteerVerificationRevokedConsumer>((_, c) => c.ConcurrentMessageLimit = RoleOwners.ConcurrentQuestions);
            bus.AddConsumer<MerchantStaffAddedConsumer>((_, c) => c.ConcurrentMessageLimit = RoleOwners.ConcurrentQuestions);
            bus.AddConsumer<MerchantStaffRemovedConsumer>((_, c) => c.ConcurrentMessageLimit = RoleOwners.ConcurrentQuestions);
            bus.AddConsumer<MerchantVerifiedConsumer>();
            bus.AddConsumer<MerchantStandingConsumer>();
            bus.AddConsumer<VolunteerErasedConsumer>();
        });
        builder.Services.AddScoped<RoleEffects>();
        builder.Services.AddGrpc();

        builder.Services.AddIdentityCore<Account>(options =>
            {
                // Account.Check states the password rule itself, so it can name the rule that failed.
                options.Password.RequiredLength = Account.MinPasswordLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Lockout.MaxFailedAccessAttempts = settings.MaxFailedLogins;
                options.Lockout.DefaultLockoutTimeSpan = settings.LockoutDuration;
                options.User.AllowedUserNameCharacters = "0123456789";
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<IdentityDbContext>();
        if (builder.Environment.IsEnvironment("Testing") && builder.Configuration.GetValue<int?>(TestHashIterations) is { } iterations)
        {
            // Test suites sign hundreds of people up and in; at production strength the hashing was
            // most of their time. Only the Testing environment reads this: Production never does.
            builder.Services.Configure<PasswordHasherOptions>(options => options.IterationCount = iterations);
        }

        var signingKey = settings.CreateSigningKey();
        var allowHttp = Transport.AllowHttp(builder.Configuration, builder.Environment);
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>().ReplaceDefaultEntities<Guid>())
            .AddServer(server =>
            {
                if (settings.Issuer is not null)
                {
                    server.SetIssuer(settings.Issuer);
                }

                server.SetTokenEndpointUris(TokenEndpoint.Path.TrimStart('/'))
                    .SetConfigurationEndpointUris("identity/.well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris("identity/.well-known/jwks");
                server.AllowPasswordFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                // The resident, volunteer and merchant apps are public clients: they hold no secret.
                server.AcceptAnonymousClients();
                server.RegisterScopes(Scopes.OfflineAccess, Audiences.Api, Audiences.Internal);
                server.AddSigningKey(signingKey);
                server.AddEncryptionKey(settings.CreateEncryptionKey());
                // Every service validates access tokens as plain signed JWTs.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(settings.AccessTokenLifetime);
                server.SetRefreshTokenLifetime(settings.RefreshTokenLifetime);
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        // Identity checks its own access tokens as every service does, with its own key.
        builder.AddServiceSecurity(signingKey);

        // The owners of the roles that follow events, asked with a token Identity signs itself.
        builder.Services.AddSingleton<IServiceTokenIssuer>(services =>
            new OwnServiceToken(settings, signingKey, services.GetRequiredService<TimeProvider>()));
        builder.AddInternalGrpcClient<VolunteersService.VolunteersServiceClient>(
            "volunteers", RoleOwners.Deadline, (RoleOwners.VolunteersService, "IsVerified"));
        builder.AddInternalGrpcClient<MerchantsService.MerchantsServiceClient>(
            "merchants", RoleOwners.Deadline, (RoleOwners.MerchantsService, "IsStaff"));
        builder.Services.AddScoped<RoleOwners>();

        // Trust X-Forwarded-* from the gateway only (loopback, and the networks of Identity:TrustedNetworks),
        // and only the issuer's host: a caller's own Host header must not reach discovery's URLs.
        var trusted = Transport.ReadTrustedProxies(builder.Configuration, TrustedNetworksKey);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            trusted.ApplyTo(options, keepLoopback: true);
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            if (settings.Issuer is not null)
            {
                options.AllowedHosts = [settings.Issuer.Host];
            }
        });

        builder.Services.AddSingleton<ClientRegistration>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ClientRegistration>());
        builder.Services.AddSingleton<StreetAdminBootstrap>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StreetAdminBootstrap>());
        builder.Services.AddHealthChecks()
            .AddCheck<ClientRegistrationHealthCheck>("clients", tags: [Microsoft.Extensions.Hosting.Extensions.ReadyTag])
            .AddCheck<StreetAdminBootstrapHealthCheck>("bootstrap", tags: [Microsoft.Extensions.Hosting.Extensions.ReadyTag]);
    }
}
