using Alliance.Messaging;
using Alliance.Teams;
using Alliance.Teams.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapTeamsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<TeamsGrpcService>();

app.Run();
