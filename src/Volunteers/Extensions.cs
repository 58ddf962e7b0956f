using Alliance.Volunteers.Data;

namespace Alliance.Volunteers;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.AddServiceDatabase<VolunteersDbContext>(Service.Database);
        builder.AddMessaging<VolunteersDbContext>(Service.Name);
        builder.Services.AddGrpc();
    }
}
