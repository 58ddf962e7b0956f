using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Needs.Data;
using Alliance.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Needs.Tests;

/// <summary>The real Volunteers service, which Needs asks over gRPC.</summary>
public sealed class VolunteersApp(Containers containers) : ServiceApp<Alliance.Volunteers.Service>(containers, Alliance.Volunteers.Service.Name)
{
    protected override IReadOnlyDictionary<string, string?> Settings() => VolunteerForms.HostSettings(Identity.Host.GrpcDiscoveryValue);
}

/// <summary>Needs on real ports, wired to a real Volunteers service and a real Identity, each with its own database.</summary>
public sealed class NeedsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    public VolunteersApp Volunteers { get; } = new(containers);

    public override async ValueTask InitializeAsync()
    {
        await Volunteers.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Volunteers.DisposeAsync();
    }

    internal NeedsDbContext CreateDbContext() => CreateDbContext<NeedsDbContext>();

    /// <summary>
    /// A verified volunteer, as the real flow makes one: signs up, registers with Volunteers, gets
    /// the volunteer role (granted from VolunteerVerified) and logs in again. Returns a Needs client.
    /// </summary>
    public async Task<(Guid Id, HttpClient Client)> VolunteerAsync(string name = "李忠")
    {
        var (id, mobile) = await Identity.SignUpAsync(name);
        using var volunteers = Volunteers.WithToken(await Identity.LoginAsync(mobile));
        (await volunteers.PostAsJsonAsync("/volunteers", VolunteerForms.Registration(name, "xintang"))).EnsureSuccessStatusCode();
        await Identity.VerifyVolunteerAsync(id, "xintang");
        return (id, WithToken(await Identity.LoginAsync(mobile)));
    }

    /// <summary>A resident, signed in, who posted a need; returns the need's id and the resident's client.</summary>
    public async Task<(Guid Need, HttpClient Resident)> PostNeedAsync(string title = "老座钟坏了", string kindId = "home_repair")
    {
        var (_, resident) = await SignInAsync();
        return (await PostNeedAsync(resident, title, kindId), resident);
    }

    public static async Task<Guid> PostNeedAsync(HttpClient resident, string title = "老座钟坏了", string kindId = "home_repair")
    {
        var response = await resident.PostAsJsonAsync("/needs", new { title, kindId, communityId = "wanda" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:volunteers:grpc:0"] = Volunteers.Host.GrpcDiscoveryValue,
    };
}
