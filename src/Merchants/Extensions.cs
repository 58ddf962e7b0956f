using Alliance.Merchants.Data;
using Alliance.Merchants.Onboarding;

namespace Alliance.Merchants;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceApi(Service.Name);
        builder.AddServiceSecurity();
        builder.Services.AddAuthorizationBuilder().AddMerchantPolicies();
        builder.AddServiceDatabase<MerchantsDbContext>(Service.Database);
        builder.AddMessaging<MerchantsDbContext>(Service.Name);
        builder.Services.AddGrpc();
    }
}
