using Alliance.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.UseServiceDefaults();
app.UseTokenGate();
app.MapDefaultEndpoints();
app.MapServicesHealth();
app.MapDocs();
app.MapHiddenPaths();
app.MapReverseProxy();

app.Run();
