using Alliance.Contracts.Identity;
using Alliance.Contracts.Needs;
using Alliance.Contracts.Teams;
using Alliance.Notifications.Channels;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Push;
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
        });
        builder.AddDisplayNames();

        builder.AddInternalGrpcClient<NeedsService.NeedsServiceClient>(
            "needs", NeedFacts.Deadline, ("alliance.needs.v1.NeedsService", "GetNeed"));
        // Identity: who holds a place's roles (PlaceRoles) and a person's mobile at send time (Channels/Contacts).
        builder.AddInternalGrpcClient<IdentityService.IdentityServiceClient>(
            "identity", PlaceRoles.Deadline, ("alliance.identity.v1.IdentityService", "GetRoleHolders"), ("alliance.identity.v1.IdentityService", "GetContact"));
        builder.AddInternalGrpcClient<TeamsService.TeamsServiceClient>(
            "teams", TeamFacts.Deadline, ("alliance.teams.v1.TeamsService", "GetTeam"), ("alliance.teams.v1.TeamsService", "GetMembers"));
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<NeedFacts>();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddScoped<PlaceRoles>();
        builder.Services.AddScoped<TeamFacts>();
        builder.AddNotificationChannels();
        builder.AddPush();
    }
}
