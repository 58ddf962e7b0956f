using Alliance.Gateway;
using Alliance.ServiceDefaults;
using Alliance.ServiceDefaults.OpenApi;
using Alliance.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();
// The gateway's own public operations, merged with the services' into docs/api/openapi.json.
builder.Services.AddApiDocument(Docs.GatewayDocument, "Alliance Gateway API", "/", unavailable: []);

var app = builder.Build();

// The order matters: the client's address from a trusted proxy first, so logs and limits see it; the
// correlation id next, so every answer carries it; CORS before anything that may refuse, so a browser
// can read the refusal; limits before the token gate, so bad tokens count too.
app.UseClientAddress();
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
app.MapReference();
app.MapOpenApi("/openapi/{documentName}.json").Access(AccessClass.Public);
app.MapHiddenPaths();
app.MapReverseProxy();

app.Run();
