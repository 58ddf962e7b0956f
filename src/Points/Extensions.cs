using Alliance.Points.Accounts;
using Alliance.Points.Data;

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
    }
}
