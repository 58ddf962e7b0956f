using Alliance.Messaging;
using Alliance.Volunteers;
using Alliance.Volunteers.Hours;
using Alliance.Volunteers.Pairings;
using Alliance.Volunteers.Privacy;
using Alliance.Volunteers.Registration;
using Alliance.Volunteers.Search;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapServiceOpenApi(Service.Name);
app.MapVolunteersApi();
app.MapVolunteerProfileApi();
app.MapVolunteerSearchApi();
app.MapVolunteerStatusApi();
app.MapHoursApi();
app.MapPersonalDataApi();
app.MapPairingsApi();
app.MapPairingVisitsApi();
app.MapMessagingAdmin(Service.Name);
app.MapGrpcService<VolunteersGrpcService>();
app.MapVolunteersRestTwin();

app.RunOrMigrate(args);
