using Alliance.Messaging.DueWork;
using Alliance.Points.Accounts;
using Alliance.Points.Data;
using Alliance.Points.Flags;
using Alliance.Points.Ledger;
using Alliance.Points.Recognition;
using Alliance.Points.Redemptions;
using Alliance.ServiceDefaults.People;

namespace Alliance.Points;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddPointsPolicies();
        builder.AddServiceDatabase<PointsDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<PointsDbContext>(Service.Name, bus =>
        {
            bus.AddConsumer<VolunteerRegisteredConsumer>();
            bus.AddConsumer<VolunteerErasedConsumer>();
            bus.AddConsumer<NeedConfirmedConsumer>();
            bus.AddConsumer<ServiceHoursConfirmedConsumer>();
            bus.AddConsumer<ServiceHoursAdjustedConsumer>();
            bus.AddConsumer<AccountCreatedConsumer>();
        });
        builder.Services.AddGrpc();
        builder.AddDisplayNames();

        builder.Services.AddOptions<EarningRules>().BindConfiguration(EarningRules.Section)
            .Validate(r => r.PointsPerHour >= 0 && r.MonthlyCap >= 0 && r.ExpiresAfter > TimeSpan.Zero, "Points:Rules: per hour and the cap may not be negative, and ExpiresAfter must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<FlagOptions>().BindConfiguration(FlagOptions.Section)
            .Validate(
                f => f.PairMonthlyLimit >= 0 && f.ActivityBurstLimit >= 0 && f.ActivityBurstWindow > TimeSpan.Zero && f.TeamUsualFactor > 0
                    && f.TeamUsualMinimumSample >= 1 && f.TeamUsualLookback > TimeSpan.Zero && f.TimerHoursLimit >= 0 && f.NewRequesterAge >= TimeSpan.Zero,
                "Points:Flags: limits may not be negative; windows, the lookback and the factor must be positive, and the sample at least 1.")
            .ValidateOnStart();
        // Fails at start, not at the first erasure, when the key is missing or malformed.
        builder.Services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section)
            .Validate(o => ErasureKey.IsValidKey(o.ErasureKey), "Points:ErasureKey must be base64 of 32 random bytes (the AppHost's points-erasure-key parameter).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ErasureKey>();
        builder.Services.AddScoped<ErasedVolunteers>();
        builder.Services.AddOptions<RecognitionOptions>().BindConfiguration(RecognitionOptions.Section);
        builder.Services.AddOptions<RedemptionOptions>().BindConfiguration(RedemptionOptions.Section)
            .Validate(o => o.ReservationTtl > TimeSpan.Zero, "Points:Redemptions:ReservationTtl must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<RedemptionDesk>();
        builder.Services.AddScoped<NeedFlags>();
        builder.Services.AddScoped<ActivityFlags>();
        builder.Services.AddScoped<FlagDecisions>();
        builder.Services.AddScoped<IDueWorkHandler, ReservationExpiry>();
        builder.Services.AddScoped<IDueWorkHandler, PointsExpiry>();
    }
}
