using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alliance.Contracts.Identity;
using Alliance.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class AccountTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task SignUp_Returns201AResidentWithAMaskedMobile_AndPublishesAccountCreated()
    {
        var mobile = IdentityApp.NextMobile();

        var response = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Laoshi2024", displayName = "李阿爹" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = account.GetProperty("id").GetGuid();
        Assert.Equal($"{mobile[..3]}****{mobile[7..]}", account.GetProperty("mobile").GetString());
        Assert.Equal(["resident"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Single(await app.PublishedAsync<AccountCreated>(e => e.AccountId == id));
    }

    [Theory]
    [InlineData("12345678901", "Passw0rd!", "mobile", "mobile_format")]
    [InlineData(null, "short1", "password", "password_too_short")]
    [InlineData(null, "onlyletters", "password", "password_needs_letter_and_digit")]
    public async Task SignUp_BreakingARule_Returns400NamingIt(string? mobile, string password, string field, string rule)
    {
        var response = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile = mobile ?? IdentityApp.NextMobile(), password, displayName = "居民" }, TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains(rule, problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task SignUp_WithATakenMobile_Returns409()
    {
        var (_, mobile) = await app.SignUpAsync();

        var again = await app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Another1pass", displayName = "冒名者" }, TestContext.Current.CancellationToken);

        await again.AssertProblemAsync(HttpStatusCode.Conflict, "mobile_already_registered");
    }

    [Fact]
    public async Task SignUp_OfOneMobileSixTimesAtOnce_CreatesExactlyOneAccount()
    {
        var mobile = IdentityApp.NextMobile();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.Client.PostAsJsonAsync("/identity/accounts", new { mobile, password = "Passw0rd!", displayName = $"居民{i}" }, TestContext.Current.CancellationToken)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task GetAccount_AnswersTheOwner_HidesEveryoneElses_AndWantsAToken()
    {
        var (id, owner) = await app.SignedInAsync();
        var (_, stranger) = await app.SignedInAsync();
        using var anonymous = app.Host.CreateClient();

        var own = await owner.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);
        var others = await stranger.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);
        var nobody = await anonymous.GetAsync($"/identity/accounts/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await others.AssertProblemAsync(HttpStatusCode.NotFound, "account_not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
    }

    /// <summary>
    /// Suites hash passwords cheaply (<c>Identity:Testing:PasswordHashIterations</c>), and only the
    /// Testing environment reads that setting: Identity started in Production with the very same
    /// settings hashes at full strength. ASP.NET Core Identity's v3 format stores the iteration count
    /// in the hash, so the stored hash tells which.
    /// </summary>
    [Fact]
    public async Task SignUp_HashesWithTheTestIterationCount_InTheTestingEnvironmentOnly()
    {
        var settings = SettingsOfTheTestIdentity();
        Assert.Equal("1000", settings[Extensions.TestHashIterations]);
        var database = await app.Containers.CreateDatabaseAsync("template_identity");
        settings[$"ConnectionStrings:{Service.Name}db"] = database;
        // Its own queues: it must not take the class's Identity's events.
        settings["Messaging:QueuePrefix"] = MessagingHost.UniqueService(Service.Name);
        await using var production = new ServiceHost<Service>(settings, environment: Environments.Production);
        using var client = production.CreateClient();
        await client.WaitUntilReadyAsync();

        var (underTest, _) = await app.SignUpAsync();
        var inProduction = await SignUpAsync(client);

        Assert.Equal(1000, IterationsOf(await StoredHashAsync(app.DatabaseConnectionString, underTest)));
        Assert.Equal(new PasswordHasherOptions().IterationCount, IterationsOf(await StoredHashAsync(database, inProduction)));
    }

    /// <summary>Everything the class's Identity was configured with that Identity itself reads: its section and the broker.</summary>
    private Dictionary<string, string?> SettingsOfTheTestIdentity()
    {
        var configuration = app.Host.Services.GetRequiredService<IConfiguration>();
        var settings = configuration.GetSection("Identity").AsEnumerable().Where(s => s.Value is not null).ToDictionary();
        settings["ConnectionStrings:rabbitmq"] = configuration.GetConnectionString("rabbitmq");
        return settings;
    }

    private static async Task<Guid> SignUpAsync(HttpClient identity)
    {
        var response = await identity.PostAsJsonAsync("/identity/accounts", new { mobile = IdentityApp.NextMobile(), password = "Passw0rd!", displayName = "居民" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    private static async Task<string> StoredHashAsync(string database, Guid account)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""SELECT password_hash FROM "AspNetUsers" WHERE id = $1""", connection) { Parameters = { new() { Value = account } } };
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>The v3 format: a 0x01 marker, then the PRF, the iteration count and the salt length, each a big-endian uint.</summary>
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
