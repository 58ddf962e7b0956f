using Alliance.Testing;

namespace Alliance.Needs.Tests;

/// <summary>
/// The real Volunteers service, which Needs asks over gRPC. One instance serves every class of the
/// project (<see cref="Containers.SharedAsync{T}"/>), so tests use people and teams of their own.
/// </summary>
public sealed class VolunteersApp(Containers containers) : ServiceApp<Alliance.Volunteers.Service>(containers, Alliance.Volunteers.Service.Name)
{
    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}

/// <summary>The real Teams service, which Needs asks over gRPC and which asks Volunteers; shared like Volunteers.</summary>
public sealed class TeamsApp(Containers containers, VolunteersApp volunteers) : ServiceApp<Alliance.Teams.Service>(containers, Alliance.Teams.Service.Name)
{
    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:volunteers:grpc:0"] = volunteers.Host.GrpcDiscoveryValue,
    };
}
