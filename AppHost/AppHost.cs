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

var volunteers = builder.AddService<Projects.Alliance_Volunteers>("volunteers", postgres, rabbitmq);
var needs = builder.AddService<Projects.Alliance_Needs>("needs", postgres, rabbitmq)
    .WithReference(volunteers);
var teams = builder.AddService<Projects.Alliance_Teams>("teams", postgres, rabbitmq);
var merchants = builder.AddService<Projects.Alliance_Merchants>("merchants", postgres, rabbitmq);
var points = builder.AddService<Projects.Alliance_Points>("points", postgres, rabbitmq);

builder.AddProject<Projects.Alliance_Gateway>("gateway")
    .WithReference(needs).WithReference(volunteers).WithReference(teams).WithReference(merchants).WithReference(points)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
