using Alliance.Contracts.Volunteers;
using Alliance.Needs.Board;
using Alliance.Needs.Claims;
using Alliance.Needs.Data;

namespace Alliance.Needs;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddNeedPolicies();
        builder.AddServiceDatabase<NeedsDbContext>(Service.Database);
        builder.AddMessaging<NeedsDbContext>(Service.Name);
        builder.Services.AddGrpc();

        builder.AddInternalGrpcClient<VolunteersService.VolunteersServiceClient>(
            "volunteers", VolunteerDirectory.Deadline, ("alliance.volunteers.v1.VolunteersService", "GetVolunteer"));
        builder.Services.AddScoped<VolunteerDirectory>();
    }
}
