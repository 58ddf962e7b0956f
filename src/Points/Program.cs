using Alliance.Messaging;
using Alliance.Points;
using Alliance.Points.Accounts;
using Alliance.Points.Flags;
using Alliance.Points.Ledger;
using Alliance.Points.Recognition;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapAccountsApi();
app.MapLedgerApi();
app.MapRecognitionApi();
app.MapFlagsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<PointsGrpcService>();

app.RunOrMigrate(args);
