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
    private static int sequence;

    /// <summary>Registers a volunteer through Volunteers' API and returns the id.</summary>
    public async Task<Guid> RegisterAsync(string name = "李忠")
    {
        var mobile = $"137{Environment.ProcessId % 1000:D3}{Interlocked.Increment(ref sequence) % 100000:D5}";
        var response = await Client.PostAsJsonAsync("/volunteers", new { name, mobile, communityId = "xintang" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}

/// <summary>Needs on real ports, wired to a real Volunteers service, each with its own database.</summary>
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

    /// <summary>Posts a need through the API and returns its id.</summary>
    public async Task<Guid> PostNeedAsync(string title = "老座钟坏了", string kindId = "home_repair")
    {
        var response = await Client.PostAsJsonAsync("/needs", new { title, kindId, communityId = "wanda" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:volunteers:grpc:0"] = Volunteers.Host.GrpcDiscoveryValue,
    };
}
