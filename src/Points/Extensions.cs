using Alliance.Messaging.DueWork;
using Alliance.Points.Accounts;
using Alliance.Points.Data;
using Alliance.Points.Redemptions;

namespace Alliance.Points;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddPointsPolicies();
        builder.AddServiceDatabase<PointsDbContext>(Service.Database);
        builder.AddMessaging<PointsDbContext>(Service.Name, bus => bus.AddConsumer<VolunteerRegisteredConsumer>());
        builder.Services.AddGrpc();

        builder.Services.AddOptions<RedemptionOptions>().BindConfiguration(RedemptionOptions.Section)
            .Validate(o => o.ReservationTtl > TimeSpan.Zero, "Points:Redemptions:ReservationTtl must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<RedemptionDesk>();
        builder.Services.AddScoped<IDueWorkHandler, ReservationExpiry>();
    }
}
