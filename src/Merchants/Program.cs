using Alliance.Merchants;
using Alliance.Merchants.Offers;
using Alliance.Merchants.Onboarding;
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
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<MerchantsGrpcService>();

app.Run();
