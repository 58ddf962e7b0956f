using Alliance.Messaging;
using Alliance.Needs;
using Alliance.Needs.Board;
using Alliance.Needs.Claims;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapNeedsApi();
app.MapClaimsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<NeedsGrpcService>();

app.Run();
