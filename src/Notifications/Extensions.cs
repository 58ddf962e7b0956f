using Alliance.Contracts.Needs;
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
        });
        builder.AddDisplayNames();

        builder.AddInternalGrpcClient<NeedsService.NeedsServiceClient>(
            "needs", NeedFacts.Deadline, ("alliance.needs.v1.NeedsService", "GetNeed"));
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<NeedFacts>();
        builder.Services.AddScoped<Notifier>();
        builder.AddPush();
    }
}
