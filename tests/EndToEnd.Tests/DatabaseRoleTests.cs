using Npgsql;
using Xunit;

namespace Alliance.EndToEnd.Tests;

/// <summary>
/// Each service reaches PostgreSQL as a role of its own that owns its database and nothing else: no
/// superuser at run time, and no way into another service's database.
/// </summary>
public sealed class DatabaseRoleTests(AllianceSystem system)
{
    private static readonly string[] Services = ["identity", "volunteers", "needs", "teams", "merchants", "points", "notifications"];

    [Fact]
    public async Task EveryService_ConnectsAsItsOwnRole_WhichOwnsItsDatabase_AndIsNoSuperuser()
    {
        foreach (var service in Services)
        {
            var connection = new NpgsqlConnectionStringBuilder(ConnectionStringOf(service));
            Assert.Equal(service, connection.Username);

            await using var db = new NpgsqlConnection(connection.ConnectionString);
            await db.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand(
                """
                SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, pg_get_userbyid(d.datdba),
                       (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user)
                FROM pg_roles r, pg_database d WHERE r.rolname = current_user AND d.datname = current_database()
                """, db);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            Assert.Equal((false, false, false, service, 0L),
                (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetString(3), reader.GetInt64(4)));
        }
    }

    [Fact]
    public async Task AServicesRole_CannotConnectToAnotherServicesDatabase()
    {
        foreach (var service in Services)
        {
            foreach (var other in Services.Where(s => s != service))
            {
                var connection = new NpgsqlConnectionStringBuilder(ConnectionStringOf(service)) { Database = $"{other}db", Pooling = false };
                await using var db = new NpgsqlConnection(connection.ConnectionString);

                var refused = await Assert.ThrowsAsync<PostgresException>(() => db.OpenAsync(TestContext.Current.CancellationToken));

                // 42501: permission denied for database.
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }
    }

    /// <summary>The connection string the AppHost gave the service's process.</summary>
    private string ConnectionStringOf(string service) =>
        system.EnvironmentVariable(service, $"ConnectionStrings__{service}db")
            ?? throw new InvalidOperationException($"{service} was started without ConnectionStrings__{service}db.");
}
