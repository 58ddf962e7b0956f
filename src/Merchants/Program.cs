using Alliance.Merchants;
using Alliance.Merchants.Offers;
using Alliance.Merchants.Onboarding;
using Alliance.Merchants.Redemptions;
using Alliance.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapMerchantsApi();
app.MapOffersApi();
app.MapBookingsApi();
app.MapRedemptionsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<MerchantsGrpcService>();

app.RunOrMigrate(args);
