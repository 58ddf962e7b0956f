using Alliance.Identity;
using Alliance.Identity.Accounts;
using Alliance.Identity.Assisted;
using Alliance.Identity.PartnerClients;
using Alliance.Identity.RoleGrants;
using Alliance.Identity.Tokens;
using Alliance.Messaging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// Before OpenIddict: discovery's URLs are built from what the gateway forwarded.
app.UseForwardedHeaders();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapAccountsApi();
app.MapAssistedAccountsApi();
app.MapRolesApi();
app.MapPartnerClientsApi();
app.MapTokenEndpoint();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<IdentityGrpcService>();

app.RunOrMigrate(args);
