using System.Net;
using System.Net.Http.Json;
using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Identity.Tests;

public sealed class BootstrapTests(IdentityApp app, Containers containers) : IClassFixture<IdentityApp>
{
    [Fact]
    public async Task TheConfiguredStreetAdmin_ExistsOnce_AndLogsInAsStreetAdmin()
    {
        var token = await app.StreetAdminTokenAsync();

        Assert.Contains("street-admin", Jwt.Claim(token, "role"));
        Assert.Equal(1, await AccountsWithMobileAsync(app.DatabaseConnectionString, IdentityApp.StreetAdminMobile));
    }

    [Fact]
    public async Task TwoInstancesStartingTogether_MakeOneStreetAdmin_AndNeitherFails()
    {
        var database = await containers.CreateDatabaseAsync("template_identity");
        var mobile = IdentityApp.NextMobile();
        var settings = new Dictionary<string, string?> { ["Identity:Bootstrap:StreetAdmin:Mobile"] = mobile };

        await using var first = app.Start(database, overrides: settings);
        await using var second = app.Start(database, overrides: settings);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        await Task.WhenAll(firstClient.WaitUntilReadyAsync(), secondClient.WaitUntilReadyAsync());

        Assert.Equal(1, await AccountsWithMobileAsync(database, mobile));
        var login = await firstClient.PostAsync("/identity/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = mobile,
            ["password"] = IdentityApp.StreetAdminPassword,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("access_token").GetString()!;
        Assert.Contains("street-admin", Jwt.Claim(token, "role"));
    }

    [Fact]
    public async Task AnAccountThatAlreadyHasTheMobile_IsLeftAsItIs()
    {
        var (id, mobile) = await app.SignUpAsync();

        await using var host = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?> { ["Identity:Bootstrap:StreetAdmin:Mobile"] = mobile });
        using var client = host.CreateClient();
        await client.WaitUntilReadyAsync();

        Assert.False(await app.HoldsRoleAsync(id, "street-admin"));
        Assert.Equal(1, await AccountsWithMobileAsync(app.DatabaseConnectionString, mobile));
    }

    [Fact]
    public async Task WithNoStreetAdmin_AndNoConfiguredMobile_IdentityStaysUnready_AndSaysWhy()
    {
        // An empty database: the template already holds the fixture's street admin.
        var database = await containers.CreateDatabaseAsync();
        await using var host = app.Start(database, overrides: new Dictionary<string, string?>
        {
            ["Identity:Bootstrap:StreetAdmin:Mobile"] = "",
            ["Identity:Bootstrap:StreetAdmin:Password"] = "",
        });
        using var client = host.CreateClient();

        var check = await Eventually.ReturnsAsync(async () =>
        {
            using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
            var json = await health.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
            var bootstrap = json.GetProperty("checks").GetProperty("bootstrap");
            return (health.StatusCode, Description: bootstrap.GetProperty("description").GetString());
        }, h => h.Description == Accounts.StreetAdminBootstrap.NotConfigured, "Identity's health naming the missing street admin", TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, check.StatusCode);
        Assert.Equal(0, await AccountsAsync(database));
    }

    [Fact]
    public async Task AStreetWithAStreetAdmin_NeedsNoConfiguredMobile()
    {
        await using var host = app.Start(app.DatabaseConnectionString, overrides: new Dictionary<string, string?>
        {
            ["Identity:Bootstrap:StreetAdmin:Mobile"] = "",
            ["Identity:Bootstrap:StreetAdmin:Password"] = "",
        });
        using var client = host.CreateClient();

        await app.StreetAdminTokenAsync();
        await client.WaitUntilReadyAsync();
    }

    private static async Task<long> AccountsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"AspNetUsers\"", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<long> AccountsWithMobileAsync(string database, string mobile)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "AspNetUsers" WHERE phone_number = $1""", connection) { Parameters = { new() { Value = mobile } } };
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
