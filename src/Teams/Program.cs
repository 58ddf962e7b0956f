using Alliance.Messaging;
using Alliance.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapTeamsEndpoints();
app.MapMessagingAdmin(Service.Name);

app.RunOrMigrate(args);
