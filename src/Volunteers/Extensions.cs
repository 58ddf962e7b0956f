using Alliance.Contracts.Identity;
using Alliance.Messaging.DueWork;
using Alliance.ServiceDefaults.People;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Hours;
using Alliance.Volunteers.Pairings;
using Alliance.Volunteers.Privacy;
using Alliance.Volunteers.Registration;

namespace Alliance.Volunteers;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddVolunteerPolicies().AddPairingPolicies();
        builder.AddServiceDatabase<VolunteersDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<VolunteersDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<ServiceHoursConfirmedConsumer>();
            bus.AddConsumer<NeedConfirmedConsumer>();
            bus.AddConsumer<ServiceHoursAdjustedConsumer>();
            bus.AddConsumer<PointsCreditReversedConsumer>();
        });
        builder.Services.AddScoped<IDueWorkHandler, PairingOverdueCheck>();
        builder.Services.AddGrpc();

        // Fails at start, not at the first registration, when the key is missing or malformed.
        builder.Services.AddOptions<IdCardOptions>().BindConfiguration(IdCardOptions.Section)
            .Validate(o => IdCardProtector.IsValidKey(o.IdCardKey), "Volunteers:IdCardKey must be base64 of 32 random bytes (the AppHost's volunteers-idcard-key parameter).")
            .ValidateOnStart();
        builder.Services.AddSingleton<IdCardProtector>();
        builder.Services.AddSingleton<ErasureKey>();
        builder.Services.AddScoped<ErasedVolunteers>();

        builder.AddInternalGrpcClient<IdentityService.IdentityServiceClient>(
            "identity", IdentityContacts.Deadline, ("alliance.identity.v1.IdentityService", "GetContact"));
        builder.Services.AddScoped<IdentityContacts>();
        builder.AddDisplayNames();
    }
}
