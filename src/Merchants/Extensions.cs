using Alliance.Contracts.Points;
using Alliance.Merchants.Data;
using Alliance.Merchants.Onboarding;
using Alliance.Merchants.PartnerClients;
using Alliance.Merchants.Redemptions;
using Alliance.Messaging.DueWork;
using Alliance.ServiceDefaults.People;
using Alliance.ServiceDefaults.Security;

namespace Alliance.Merchants;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddMerchantPolicies().AddRedemptionPolicies();
        builder.AddServiceDatabase<MerchantsDbContext>(Service.Database, Service.Name);
        builder.AddMessaging<MerchantsDbContext>(Service.Name, bus => bus.AddConsumer<PartnerClientRevokedConsumer>());
        builder.AddClientRevocation<MerchantsDbContext>();
        builder.Services.AddGrpc();
        builder.AddDisplayNames();

        builder.Services.AddOptions<RedemptionOptions>().BindConfiguration(RedemptionOptions.Section)
            .Validate(o => o.CodeTtl > TimeSpan.Zero, "Merchants:Redemptions:CodeTtl must be positive.")
            .ValidateOnStart();
        // Reserve, Commit and Release are not retried by the channel: each caller decides what a lost answer means.
        builder.AddInternalGrpcClient<PointsService.PointsServiceClient>(
            "points", builder.Configuration.GetValue(PointsLedger.DeadlineKey, PointsLedger.DefaultDeadline));
        builder.Services.AddScoped<PointsLedger>();
        builder.Services.AddScoped<IDueWorkHandler, RedemptionExpiry>();
    }
}
