using System.Security.Cryptography;
using Alliance.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit;

namespace Alliance.Identity.Tests;

/// <summary>
/// The data-protection key ring lives in the service's own database (<c>data_protection_keys</c>), so
/// the replicas of a service share it. Every host here runs in one process on one machine, where a
/// key ring on disk would be shared too: a host on another database copy shows that it is not.
/// </summary>
public sealed class DataProtectionTests(IdentityApp app) : IClassFixture<IdentityApp>
{
    private const string Purpose = "Alliance.Identity.Tests.DataProtection";

    [Fact]
    public async Task TwoReplicasOnOneDatabase_ShareTheKeyRing_AndAHostOnAnotherDatabaseCannotUnprotect()
    {
        await using var replica = await StartAsync(app.DatabaseConnectionString);
        await using var elsewhere = await StartAsync(await app.Containers.CreateDatabaseAsync("template_identity"));
        var secret = $"kept for a replica {Guid.NewGuid()}";

        var protectedByOne = Protector(app.Host.Services).Protect(secret);
        var unprotectedByTheOther = Protector(replica.Services).Unprotect(protectedByOne);
        var protectedByTheOther = Protector(replica.Services).Protect(secret);

        Assert.Equal(secret, unprotectedByTheOther);
        Assert.Equal(secret, Protector(app.Host.Services).Unprotect(protectedByTheOther));
        Assert.ThrowsAny<CryptographicException>(() => Protector(elsewhere.Services).Unprotect(protectedByOne));
        Assert.Equal(1, await KeysInAsync(app.DatabaseConnectionString));
        Assert.Equal("alliance-identity", replica.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    private async Task<ServiceHost<Service>> StartAsync(string database)
    {
        // Its own queues: it must not take the class's Identity's events.
        var host = app.Start(database, overrides: new Dictionary<string, string?> { ["Messaging:QueuePrefix"] = MessagingHost.UniqueService(Service.Name) });
        using var client = host.CreateClient();
        await client.WaitUntilReadyAsync();
        return host;
    }

    private static async Task<long> KeysInAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
