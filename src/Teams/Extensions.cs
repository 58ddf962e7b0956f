using Alliance.Teams.Data;
using Alliance.Teams.Teams;

namespace Alliance.Teams;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddTeamPolicies();
        builder.AddServiceDatabase<TeamsDbContext>(Service.Database);
        builder.AddMessaging<TeamsDbContext>(Service.Name);
        builder.Services.AddGrpc();
    }
}
