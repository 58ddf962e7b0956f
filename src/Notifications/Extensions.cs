using Alliance.Contracts.Needs;
using Alliance.Contracts.Points;
using Alliance.Contracts.Teams;
using Alliance.Messaging.DueWork;
using Alliance.Notifications.Data;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Reminders;
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
            bus.AddConsumer<VolunteerNoticesConsumer>();
            bus.AddConsumer<ActivityRemindersConsumer>();
        });
        builder.AddDisplayNames();

        builder.AddInternalGrpcClient<NeedsService.NeedsServiceClient>(
            "needs", NeedFacts.Deadline, ("alliance.needs.v1.NeedsService", "GetNeed"));
        builder.AddInternalGrpcClient<TeamsService.TeamsServiceClient>(
            "teams", ActivityFacts.Deadline, ("alliance.teams.v1.TeamsService", "GetActivity"));
        builder.AddInternalGrpcClient<PointsService.PointsServiceClient>(
            "points", EarningFacts.Deadline, ("alliance.points.v1.PointsService", "GetEarning"));
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<NeedFacts>();
        builder.Services.AddScoped<ActivityFacts>();
        builder.Services.AddScoped<EarningFacts>();
        foreach (var kind in ActivityReminders.Leads.Keys)
        {
            builder.Services.AddScoped<IDueWorkHandler>(sp => ActivatorUtilities.CreateInstance<ActivityReminderHandler>(sp, kind));
        }

        builder.Services.AddScoped<IDueWorkHandler, PointsExpiryReminderHandler>();
        builder.Services.AddScoped<Notifier>();
    }
}
