using Alliance.Contracts.Identity;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Channels;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Push;
using Alliance.Notifications.Reminders;
using Alliance.Notifications.Webhooks;
using Alliance.ServiceDefaults.People;

namespace Alliance.Notifications;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.AddServiceDatabase<NotificationsDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<NotificationsDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<NeedNoticesConsumer>();
            bus.AddConsumer<VolunteerErasedConsumer>();
            bus.AddConsumer<PlaceNoticesConsumer>();
            bus.AddConsumer<TeamNoticesConsumer>();
            bus.AddConsumer<MerchantNoticesConsumer>();
            bus.AddConsumer<PartnerWebhooksConsumer>();
            bus.AddConsumer<VolunteerNoticesConsumer>();
            bus.AddConsumer<ActivityRemindersConsumer>();
        });
        builder.AddDisplayNames();

        builder.AddInternalGrpcClient<NeedsService.NeedsServiceClient>(
            "needs", NeedFacts.Deadline, ("alliance.needs.v1.NeedsService", "GetNeed"));
        // Identity: who holds a place's roles (PlaceRoles) and a person's mobile at send time (Channels/Contacts).
        builder.AddInternalGrpcClient<IdentityService.IdentityServiceClient>(
            "identity", PlaceRoles.Deadline, ("alliance.identity.v1.IdentityService", "GetRoleHolders"), ("alliance.identity.v1.IdentityService", "GetContact"));
        // Teams: a team's name and leaders (TeamFacts), an activity's title, times and sign-ups (ActivityFacts).
        builder.AddInternalGrpcClient<TeamsService.TeamsServiceClient>(
            "teams", TeamFacts.Deadline, ("alliance.teams.v1.TeamsService", "GetTeam"), ("alliance.teams.v1.TeamsService", "GetMembers"),
            ("alliance.teams.v1.TeamsService", "GetActivity"));
        builder.AddInternalGrpcClient<PointsService.PointsServiceClient>(
            "points", EarningFacts.Deadline, ("alliance.points.v1.PointsService", "GetEarning"));
        // Staff, offers and (for the webhooks' endpoints) whether the caller is staff: all reads.
        builder.AddInternalGrpcClient<MerchantsService.MerchantsServiceClient>(
            "merchants", MerchantFacts.Deadline, ("alliance.merchants.v1.MerchantsService", "GetStaff"),
            ("alliance.merchants.v1.MerchantsService", "GetOffer"), ("alliance.merchants.v1.MerchantsService", "IsStaff"));
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<NeedFacts>();
        builder.Services.AddScoped<MerchantFacts>();
        builder.Services.AddScoped<ActivityFacts>();
        builder.Services.AddScoped<EarningFacts>();
        foreach (var kind in ActivityReminders.Leads.Keys)
        {
            builder.Services.AddScoped<IDueWorkHandler>(sp => ActivatorUtilities.CreateInstance<ActivityReminderHandler>(sp, kind));
        }

        builder.Services.AddScoped<IDueWorkHandler, PointsExpiryReminderHandler>();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<PlaceRoles>();
        builder.Services.AddScoped<TeamFacts>();
        builder.AddNotificationChannels();
        builder.AddPush();
        builder.AddWebhooks();
    }

    private static void AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero, "Notifications:Webhooks:Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookUrls>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddScoped<IDueWorkHandler, WebhookDeliveryHandler>();
        // A partner's endpoint is no service of ours: no service discovery (which would map a bare
        // "identity" to the internal one) and no resilience handler (an attempt is one request; the
        // delivery's schedule retries). Every connection goes through the SSRF check.
        builder.Services.AddHttpClient(WebhookDeliveryHandler.ClientName)
            .ConfigureHttpClient((services, client) =>
            {
                client.Timeout = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Alliance-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = services.GetRequiredService<WebhookUrls>().ConnectAsync,
            })
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear());
    }
}
