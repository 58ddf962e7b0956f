using Alliance.Messaging.DueWork;
using Alliance.Points.Accounts;
using Alliance.Points.Data;
using Alliance.Points.Flags;
using Alliance.Points.Ledger;
using Alliance.Points.Recognition;
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
        builder.AddMessaging<PointsDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<VolunteerRegisteredConsumer>();
            bus.AddConsumer<VolunteerErasedConsumer>();
            bus.AddConsumer<NeedConfirmedConsumer>();
            bus.AddConsumer<ServiceHoursConfirmedConsumer>();
            bus.AddConsumer<ServiceHoursAdjustedConsumer>();
        });
        builder.Services.AddGrpc();

        builder.Services.AddOptions<EarningRules>().BindConfiguration(EarningRules.Section)
            .Validate(r => r.PointsPerHour >= 0 && r.MonthlyCap >= 0 && r.ExpiresAfter > TimeSpan.Zero, "Points:Rules: per hour and the cap may not be negative, and ExpiresAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<FlagOptions>().BindConfiguration(FlagOptions.Section);
        builder.Services.AddOptions<RecognitionOptions>().BindConfiguration(RecognitionOptions.Section);
        builder.Services.AddOptions<RedemptionOptions>().BindConfiguration(RedemptionOptions.Section)
            .Validate(o => o.ReservationTtl > TimeSpan.Zero, "Points:Redemptions:ReservationTtl must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<RedemptionDesk>();
        builder.Services.AddScoped<FlagRules>();
        builder.Services.AddScoped<IDueWorkHandler, ReservationExpiry>();
        builder.Services.AddScoped<IDueWorkHandler, PointsExpiry>();
    }
}
