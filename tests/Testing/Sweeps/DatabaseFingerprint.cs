using Npgsql;

namespace Alliance.Testing.Sweeps;

/// <summary>
/// A digest of every row of a service's own tables and of the events in its outbox (not the rest of
/// its messaging or idempotency bookkeeping), so a sweep can show that a refused call changed
/// nothing at all and published nothing.
/// </summary>
public static class DatabaseFingerprint
{
    private static readonly string[] Bookkeeping =
        ["__ef_migrations_history", "outbox", "inbox", "due_work", "idempotency_keys"];

    /// <summary>The outbox's rows change as they are sent; which events were written does not.</summary>
    private const string OutboxEvents = "SELECT coalesce(md5(string_agg(id::text || message_type, '|' ORDER BY id)), '') FROM outbox";

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string connectionString, IEnumerable<string>? ignored = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var digests = new Dictionary<string, string>();
        foreach (var table in tables.Except(Bookkeeping).Except(ignored ?? []))
        {
            await using var digest = new NpgsqlCommand($"SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", connection);
            digests[table] = (string)(await digest.ExecuteScalarAsync())!;
        }

        if (tables.Contains("outbox") && !(ignored ?? []).Contains("outbox"))
        {
            await using var outbox = new NpgsqlCommand(OutboxEvents, connection);
            digests["outbox"] = (string)(await outbox.ExecuteScalarAsync())!;
        }

        return digests;
    }
}
