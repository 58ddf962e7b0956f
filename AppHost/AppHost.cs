using Alliance.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

// Tests run the AppHost with Alliance:PersistentData=false: fresh containers, no volumes.
var persistent = builder.Configuration.GetValue("Alliance:PersistentData", true);

var postgres = builder.AddPostgres("postgres")
    .WithImageSetting(builder.Configuration["ALLIANCE_POSTGRES_IMAGE"]);
var rabbitmq = builder.AddRabbitMQ("rabbitmq")
    .WithImageSetting(builder.Configuration["ALLIANCE_RABBITMQ_IMAGE"]);
if (persistent)
{
    postgres.WithDataVolume("alliance-postgres-data");
    rabbitmq.WithDataVolume("alliance-rabbitmq-data");
}

var volunteersDb = postgres.AddDatabase("volunteersdb");

builder.AddProject<Projects.Alliance_Volunteers>("volunteers")
    .WithReference(volunteersDb).WaitFor(volunteersDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

builder.Build().Run();
