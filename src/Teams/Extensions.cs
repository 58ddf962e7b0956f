using Alliance.Contracts.Volunteers;
using Alliance.ServiceDefaults.People;
using Alliance.Teams.Activities;
using Alliance.Teams.Calendar;
using Alliance.Teams.Data;
using Alliance.Teams.Figures;
using Alliance.Teams.Members;
using Alliance.Teams.Standing;
using Alliance.Teams.Teams;

namespace Alliance.Teams;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddTeamPolicies();
        builder.AddServiceDatabase<TeamsDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<TeamsDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<NeedConfirmedConsumer>();
            bus.AddConsumer<VolunteerStandingConsumer>();
            bus.AddConsumer<VolunteerErasedConsumer>();
        });
        builder.Services.AddGrpc();

        builder.AddInternalGrpcClient<VolunteersService.VolunteersServiceClient>(
            "volunteers", VolunteerDirectory.Deadline,
            ("alliance.volunteers.v1.VolunteersService", "GetVolunteer"), ("alliance.volunteers.v1.VolunteersService", "FindVolunteers"));
        builder.Services.AddScoped<VolunteerDirectory>();
        builder.AddDisplayNames();
        builder.Services.AddScoped<Joining>();
        builder.Services.AddOptions<ActivityOptions>().BindConfiguration(ActivityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
    }

    public static void MapTeamsEndpoints(this WebApplication app)
    {
        app.MapTeamsApi();
        app.MapMembersApi();
        app.MapMembershipsApi();
        app.MapCandidatesApi();
        app.MapLeadershipApi();
        app.MapMineApi();
        app.MapActivitiesApi();
        app.MapActivityChangesApi();
        app.MapSignUpsApi();
        app.MapHoursApi();
        app.MapDisputesApi();
        app.MapCalendarApi();
        app.MapCalendarFeedApi();
        app.MapGrpcService<TeamsGrpcService>();
    }
}
