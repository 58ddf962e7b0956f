using Alliance.Messaging;
using Alliance.Points;
using Alliance.Points.Accounts;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapAccountsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<PointsGrpcService>();

app.Run();
