using Alliance.Gateway;
using Alliance.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// The order matters: the correlation id first, so every answer carries it; CORS before anything
// that may refuse, so a browser can read the refusal; limits before the token gate, so bad tokens count too.
app.UseCorrelationId();
app.UseCors(Cors.Policy);
app.UseServiceDefaults();
app.UseNoGrpc();
app.UseRateLimiter();
app.UseTokenGate();
app.UseBodySizeLimit();
app.MapDefaultEndpoints();
app.MapServicesHealth();
app.MapDocs();
app.MapHiddenPaths();
app.MapReverseProxy();

app.Run();
