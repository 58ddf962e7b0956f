using Alliance.Messaging;
using Alliance.Needs;
using Alliance.Needs.Board;
using Alliance.Needs.Claims;
using Alliance.Needs.Lifecycle;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapNeedsApi();
app.MapBoardApi();
app.MapClaimsApi();
app.MapClaimListsApi();
app.MapLifecycleApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<NeedsGrpcService>();

app.RunOrMigrate(args);
