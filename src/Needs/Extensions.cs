using Alliance.Contracts.Identity;
using Alliance.Contracts.Merchants;
using Alliance.Contracts.Teams;
using Alliance.Contracts.Volunteers;
using Alliance.Needs.Board;
using Alliance.Needs.Claims;
using Alliance.Needs.Contacts;
using Alliance.Needs.Data;
using Alliance.Needs.Lifecycle;
using Alliance.Needs.PartnerClients;
using Alliance.Needs.Timers;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Needs;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.AddDisplayNames();
        builder.Services.AddAuthorizationBuilder().AddNeedPolicies();
        builder.AddServiceDatabase<NeedsDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<NeedsDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<TeamLeadershipConsumer>();
            bus.AddConsumer<PartnerClientRevokedConsumer>();
        });
        builder.AddClientRevocation<NeedsDbContext>();
        builder.AddNeedTimers();
        builder.Services.AddOptions<NeedHoursOptions>().BindConfiguration(NeedHoursOptions.Section)
            .Validate(o => o.IsValid, "Needs:Hours:Allowance must be from 0 to 4 hours.")
            .ValidateOnStart();
        builder.Services.AddGrpc();

        const string volunteers = "alliance.volunteers.v1.VolunteersService";
        builder.AddInternalGrpcClient<VolunteersService.VolunteersServiceClient>(
            "volunteers", VolunteerDirectory.Deadline, (volunteers, "GetVolunteer"), (volunteers, "IsVerified"), (volunteers, "GetVolunteers"));
        builder.Services.AddScoped<VolunteerDirectory>();

        const string teams = "alliance.teams.v1.TeamsService";
        builder.AddInternalGrpcClient<TeamsService.TeamsServiceClient>(
            "teams", TeamDirectory.Deadline, (teams, "GetTeam"), (teams, "IsLeader"), (teams, "GetMembers"));
        builder.Services.AddScoped<TeamDirectory>();

        builder.AddInternalGrpcClient<MerchantsService.MerchantsServiceClient>(
            "merchants", MerchantDirectory.Deadline, ("alliance.merchants.v1.MerchantsService", "IsVerifiedForKind"));
        builder.Services.AddScoped<MerchantDirectory>();

        builder.AddInternalGrpcClient<IdentityService.IdentityServiceClient>(
            "identity", RequesterContacts.Deadline, ("alliance.identity.v1.IdentityService", "GetContact"));
        builder.Services.AddScoped<RequesterContacts>();
    }
}
