using Alliance.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// Limits before the token gate, so that bad tokens count too.
app.UseServiceDefaults();
app.UseRateLimiter();
app.UseTokenGate();
app.MapDefaultEndpoints();
app.MapServicesHealth();
app.MapDocs();
app.MapHiddenPaths();
app.MapReverseProxy();

app.Run();
