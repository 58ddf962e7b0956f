using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Messaging.DueWork;
using Alliance.Needs.Data;
using Alliance.ServiceDefaults.Security;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

[assembly: AssemblyFixture(typeof(Containers))]

namespace Alliance.Needs.Tests;

/// <summary>
/// Needs on real ports, with a database of its own, wired to the project's shared Identity, Volunteers
/// and Teams (started once for every class), and to a Merchants that is down.
/// </summary>
public sealed class NeedsApp(Containers containers) : ServiceApp<Service>(containers, Service.Name)
{
    /// <summary>
    /// Where Merchants would be: a loopback port held bound but never listening, so a call is refused
    /// at once ("Merchants is down") and no other host of the run can take the port.
    /// </summary>
    private readonly System.Net.Sockets.Socket deadMerchants = BoundButSilent();

    public VolunteersApp Volunteers { get; private set; } = null!;

    public TeamsApp Teams { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Volunteers = await Containers.SharedAsync(c => new VolunteersApp(c));
        Teams = await Containers.SharedAsync(c => new TeamsApp(c, Volunteers));
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        deadMerchants.Dispose();
        await base.DisposeAsync();
    }

    internal NeedsDbContext CreateDbContext() => CreateDbContext<NeedsDbContext>();

    private static System.Net.Sockets.Socket BoundButSilent()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>A minted token of an admin: a community admin of <paramref name="scope"/>, a grid worker of the cell <paramref name="scope"/>, or a street admin.</summary>
    public static string Admin(string role, string? scope = null, Guid? id = null) => IdentityApp.MintToken(
        id ?? Guid.CreateVersion7(), [role], claims: role switch
        {
            Roles.CommunityAdmin => new Dictionary<string, object> { [AllianceClaims.CommunityId] = scope! },
            Roles.GridWorker => new Dictionary<string, object> { [AllianceClaims.GridId] = scope! },
            _ => null,
        });

    /// <summary>A client of Needs for a minted person with these roles.</summary>
    public HttpClient Minted(Guid id, params string[] roles) => WithToken(IdentityApp.MintToken(id, roles));

    /// <summary>A whole, valid body for POST /needs, in wanda-01 unless told otherwise.</summary>
    public static Dictionary<string, object?> NeedBody(
        string title = "老座钟坏了", string kindId = "home_repair", string communityId = "wanda", string gridId = "wanda-01", string urgency = "normal",
        int helpersNeeded = 1, string[]? requiredSkills = null)
    {
        var building = Alliance.Contracts.Reference.ReferenceData.Current.FindCommunity(communityId)?.Grids.FirstOrDefault(g => g.Id == gridId)?.Buildings[0];
        return new()
        {
            ["title"] = title,
            ["description"] = "家里的老座钟不走了，想请懂行的志愿者来看看。",
            ["kindId"] = kindId,
            ["communityId"] = communityId,
            ["gridId"] = gridId,
            ["building"] = building,
            ["address"] = $"{building}302室",
            ["urgency"] = urgency,
            ["wantedFrom"] = DateTimeOffset.UtcNow.AddHours(1),
            ["wantedUntil"] = DateTimeOffset.UtcNow.AddDays(3),
            ["helpersNeeded"] = helpersNeeded,
            ["requiredSkills"] = requiredSkills ?? [],
            ["wish"] = kindId == "micro_wish" ? "一副老花镜" : null,
        };
    }

    /// <summary>A resident, signed in, who posted a need; returns the need's id and the resident's client.</summary>
    public async Task<(Guid Need, HttpClient Resident)> PostNeedAsync(string title = "老座钟坏了", string kindId = "home_repair")
    {
        var (_, resident) = await SignInAsync();
        return (await PostNeedAsync(resident, title, kindId), resident);
    }

    public static Task<Guid> PostNeedAsync(HttpClient resident, string title = "老座钟坏了", string kindId = "home_repair") =>
        PostNeedAsync(resident, NeedBody(title, kindId));

    public static async Task<Guid> PostNeedAsync(HttpClient poster, Dictionary<string, object?> body)
    {
        var response = await poster.PostAsJsonAsync("/needs", body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Posting failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Moves the due work of a need (of one kind) into the past, so the sweeper takes it now.</summary>
    public async Task<IReadOnlyList<Guid>> MakeDueAsync(Guid need, string kind)
    {
        await using var db = CreateDbContext();
        var due = db.Set<DueWorkItem>().Where(d => d.Kind == kind && d.Key.StartsWith(need.ToString()));
        var ids = await due.Select(d => d.Id).ToListAsync();
        if (ids.Count == 0 || await due.ExecuteUpdateAsync(d => d.SetProperty(x => x.DueAt, DateTimeOffset.UtcNow.AddMinutes(-1))) == 0)
        {
            throw new InvalidOperationException($"Need {need} has no due work of kind {kind}.");
        }

        return ids;
    }

    protected override IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["services:volunteers:grpc:0"] = Volunteers.Host.GrpcDiscoveryValue,
        ["services:teams:grpc:0"] = Teams.Host.GrpcDiscoveryValue,
        ["services:identity:grpc:0"] = Identity.Host.GrpcDiscoveryValue,
        // No Merchants runs beside Needs here: a loopback port nothing listens on, so its claims meet "Merchants is down".
        ["services:merchants:grpc:0"] = $"http://{deadMerchants.LocalEndPoint}",
        // The timer tests wait for the sweeper to take the work they made due: it looks often here.
        ["Messaging:DueWorkPollInterval"] = "00:00:00.200",
    };
}
