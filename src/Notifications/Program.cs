using Alliance.Messaging;
using Alliance.Notifications;
using Alliance.Notifications.Channels;
using Alliance.Notifications.Inbox;
using Alliance.Notifications.Preferences;
using Alliance.Notifications.Push;
using Alliance.Notifications.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapInboxApi();
app.MapPreferencesApi();
app.MapChannelsApi();
app.MapPushApi();
app.MapWebhooksApi();
app.MapMessagingAdmin(Service.Name);

app.RunOrMigrate(args);
