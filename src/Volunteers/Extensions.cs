using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;

namespace Alliance.Volunteers;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddVolunteerPolicies();
        builder.AddServiceDatabase<VolunteersDbContext>(Service.Database);
        builder.AddMessaging<VolunteersDbContext>(Service.Name);
        builder.Services.AddGrpc();
    }
}
