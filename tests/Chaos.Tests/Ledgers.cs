using Alliance.Testing;
using Npgsql;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// What must hold after every fault, read straight from the services' databases (as the superuser,
/// read only): nothing parked, nothing left unsent, and every points account equal to its ledger.
/// </summary>
public sealed class Ledgers(ChaosSystem system)
{
    public static readonly IReadOnlyList<string> Services = ["identity", "volunteers", "needs", "teams", "merchants", "points", "notifications"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Outbox rows and due work the services gave up on, in all six databases.</summary>
    public async Task<long> ParkedAsync()
    {
        long parked = 0;
        foreach (var service in Services)
        {
            parked += await CountAsync(service, "SELECT (SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL) + (SELECT count(*) FROM due_work WHERE parked_at IS NOT NULL)");
        }

        return parked;
    }

    /// <summary>Outbox rows not yet confirmed by the broker, in all six databases.</summary>
    public async Task<long> UnsentAsync()
    {
        long unsent = 0;
        foreach (var service in Services)
        {
            unsent += await CountAsync(service, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
        }

        return unsent;
    }

    /// <summary>Waits until every service's outbox is empty (all published) and returns what must then be zero.</summary>
    public async Task<(long InError, long Parked, long Unbalanced)> SettledAsync(Faults faults)
    {
        await Eventually.TrueAsync(async () => await UnsentAsync() == 0, "Every outbox row published", TimeSpan.FromMinutes(3));
        return (await faults.ErrorQueueDepthAsync(), await ParkedAsync(), await UnbalancedAccountsAsync());
    }

    /// <summary>(rows, distinct keys) of a table's rows whose <c>source_id</c> is one of <paramref name="sources"/>: the effects of those events.</summary>
    public async Task<(int Rows, int Distinct)> EffectsAsync(string service, string table, string keys, Guid[] sources, string? where = null)
    {
        // One statement, so both numbers come from one snapshot: counted apart, an effect landing
        // between the two reads made "distinct" exceed "rows" (CI once reported -3 doubled).
        await using var connection = new NpgsqlConnection(await UnpooledAsync(system, $"{service}db"));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"SELECT count(*), count(DISTINCT ({keys})) FROM {table} WHERE source_id = ANY(@p0) {where}", connection);
        command.Parameters.AddWithValue("p0", sources);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    /// <summary>Points accounts whose available or reserved balance differs from the sum of their ledger's entries.</summary>
    public Task<long> UnbalancedAccountsAsync() => CountAsync("points", """
        SELECT count(*) FROM accounts a
        LEFT JOIN (SELECT volunteer_id, sum(available_delta) AS available, sum(reserved_delta) AS reserved FROM ledger_entries GROUP BY volunteer_id) l
          ON l.volunteer_id = a.volunteer_id
        WHERE a.available <> coalesce(l.available, 0) OR a.reserved <> coalesce(l.reserved, 0)
        """);

    /// <summary>
    /// A database's connection string without pooling: the faults end connections (a restart, a refusal),
    /// and a pooled one that died under the suite would fail its next test.
    /// </summary>
    public static async Task<string> UnpooledAsync(ChaosSystem system, string database) =>
        new NpgsqlConnectionStringBuilder(await system.DatabaseAsync(database)) { Pooling = false }.ConnectionString;

    /// <summary>One number from a service's database; the parameters are @p0, @p1, ...</summary>
    public async Task<long> CountAsync(string service, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(await UnpooledAsync(system, $"{service}db"));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue($"p{i}", parameters[i]);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
