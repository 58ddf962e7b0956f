using Alliance.AppHost;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args).LogStartupTimeline();

// Tests run the AppHost with Alliance:PersistentData=false: fresh containers, no volumes.
var persistent = builder.Configuration.GetValue("Alliance:PersistentData", true);

// Eight services share the server, each with its own pool, sweepers and consumers: PostgreSQL's
// default of 100 connections ran out under the seed's load, so the server takes 500.
var postgres = builder.AddPostgres("postgres")
    .WithImageSetting(builder.Configuration["ALLIANCE_POSTGRES_IMAGE"])
    .WithArgs("-c", "max_connections=500");
// A consumer waits out a transient fault for up to Messaging:TransientRetryWindow (30 min) holding
// its message; RabbitMQ's default consumer timeout is also 30 min, so the broker allows an hour.
var rabbitmq = builder.AddRabbitMQ("rabbitmq")
    .WithImageSetting(builder.Configuration["ALLIANCE_RABBITMQ_IMAGE"])
    .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-rabbit consumer_timeout 3600000");
if (persistent)
{
    // Named per checkout (./alliance keeps the instance id beside its passwords), so two clones
    // on one machine never share a volume that the other's password cannot open.
    var instance = builder.Configuration["Alliance:Instance"] is { Length: > 0 } id ? $"-{id}" : "";
    postgres.WithDataVolume($"alliance{instance}-postgres-data");
    rabbitmq.WithDataVolume($"alliance{instance}-rabbitmq-data");
    // Both keep running when the AppHost stops (Ctrl+C), so the next start finds them up rather than
    // booting them again (RabbitMQ alone takes 10 s here); ./alliance down stops them by these names.
    postgres.WithLifetime(ContainerLifetime.Persistent).WithContainerName($"alliance{instance}-postgres");
    rabbitmq.WithLifetime(ContainerLifetime.Persistent).WithContainerName($"alliance{instance}-rabbitmq");
}

// The gateway is the one door, and its address is the one public issuer of tokens.
var gateway = builder.AddProject<Projects.Alliance_Gateway>("gateway").RunsItsBuild()
    .WithHostEnvironment(builder)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();
var issuer = ReferenceExpression.Create($"{gateway.GetEndpoint("http")}/api/identity/");

// Identity's keys come from configuration (./alliance up keeps development ones in .alliance/).
var identity = builder.AddService<Projects.Alliance_Identity>("identity", postgres, rabbitmq)
    .WithEnvironment("Identity__Issuer", issuer)
    .WithEnvironment("Identity__SigningKey", builder.AddParameter("identity-signing-key", secret: true))
    .WithEnvironment("Identity__EncryptionKey", builder.AddParameter("identity-encryption-key", secret: true))
    // The first street admin, created once; everyone else's roles are granted from there. No default:
    // ./alliance up generates a random mobile and password per checkout (.alliance/secrets.env).
    .WithEnvironment("Identity__Bootstrap__StreetAdmin__Mobile", builder.AddParameter("street-admin-mobile"))
    .WithEnvironment("Identity__Bootstrap__StreetAdmin__Password", builder.AddParameter("street-admin-password", secret: true))
    .WithEnvironment("Identity__Bootstrap__StreetAdmin__DisplayName", "城北街道管理员")
    // Identity trusts the gateway's X-Forwarded-* (discovery's public URLs). Here both run on this
    // machine and the gateway calls over loopback; in containers, list the gateway's network.
    .WithEnvironment("Identity__TrustedNetworks", "127.0.0.0/8,::1");

// The key behind ID card numbers' encryption and keyed hash: lose it and they cannot be read or matched.
var volunteers = builder.AddService<Projects.Alliance_Volunteers>("volunteers", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithEnvironment("Volunteers__IdCardKey", builder.AddParameter("volunteers-idcard-key", secret: true));
var teams = builder.AddService<Projects.Alliance_Teams>("teams", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithReference(volunteers);
// The key behind the keyed hash of erased volunteers' ids (their tombstones): lose it and late credits for them are booked under their own id again.
var points = builder.AddService<Projects.Alliance_Points>("points", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithEnvironment("Points__ErasureKey", builder.AddParameter("points-erasure-key", secret: true));
var merchants = builder.AddService<Projects.Alliance_Merchants>("merchants", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithReference(points);
var needs = builder.AddService<Projects.Alliance_Needs>("needs", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithReference(volunteers).WithReference(teams).WithReference(merchants);
// Needs for a need's title and requester, Teams for a team's name and leaders and an activity's title,
// time and sign-ups, Points for an earning's amount and expiry, Merchants for staff and offers, Identity
// (WithIdentity) for people's names and mobiles and who holds a place's roles.
// SMS goes to the development channel (stored, readable at /notifications/dev/sent): `up` and the
// end-to-end tests send nothing to a real phone. A partner's webhook may be a receiver on this
// machine's loopback (http://127.0.0.1:port), for a developer's or a test's receiver. The swarm stack
// sets neither.
var notifications = builder.AddService<Projects.Alliance_Notifications>("notifications", postgres, rabbitmq).WithIdentity(identity, issuer)
    .WithReference(needs).WithReference(teams).WithReference(points).WithReference(merchants)
    .WithEnvironment("Notifications__Channels__Sms__Kind", "development")
    .WithEnvironment("Notifications__Webhooks__AllowLoopbackHttp", "true");

// Identity asks the owners of the roles it carries (Volunteers: who is verified; Merchants: who is
// staff) whenever one of their events arrives. No WaitFor: an event that comes before its owner
// answers waits in its queue.
identity.WithReference(volunteers).WithReference(merchants);

gateway.WithReference(needs).WithReference(volunteers).WithReference(teams).WithReference(merchants).WithReference(points)
    .WithReference(notifications)
    .WithReference(identity)
    .WithEnvironment("Identity__Issuer", issuer);

// Gateway:* given to the AppHost (the command line, user secrets) goes on to the gateway: end-to-end
// tests raise its rate limits this way, and a developer may name frontend origins for CORS, or the
// proxies in front whose X-Forwarded-For counts (Gateway:TrustedProxies; here nothing is in front, so none).
gateway.WithSettings("Gateway");

builder.Build().Run();
