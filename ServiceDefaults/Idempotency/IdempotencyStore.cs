using Npgsql;

namespace Alliance.ServiceDefaults.Idempotency;

/// <summary>The service's <c>idempotency_keys</c> table, read and written with plain SQL outside any request's DbContext.</summary>
internal sealed class IdempotencyStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a request holds its key before a retry may take it over: a request that died before it
    /// committed (its process killed, its database gone before the key could be let go) leaves the
    /// key in flight only this long. Longer than any request runs here (deadlines of seconds) and than
    /// HttpClient's 100 s timeout, so a client's own retry of a slow request still gets 409.
    /// </summary>
    public static readonly TimeSpan InFlightLease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Claims the key for this request: a new row, or one whose request never answered and whose lease
    /// ran out (with the same request hash). Returns the claim's lease (its <c>created_at</c>, which
    /// the completion and the release match on, so a request that lost its key to a taker changes
    /// nothing), or null if the key is taken.
    /// </summary>
    public async Task<DateTimeOffset?> TryBeginAsync(string scope, string key, byte[] hash, CancellationToken ct)
    {
        // Microseconds, as PostgreSQL keeps them: the lease is matched for equality later.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        await using (var expired = dataSource.CreateCommand(
            $"DELETE FROM {IdempotencyModel.Table} WHERE scope = $1 AND key = $2 AND created_at < $3"))
        {
            expired.Parameters.Add(new() { Value = scope });
            expired.Parameters.Add(new() { Value = key });
            expired.Parameters.Add(new() { Value = now - Lifetime });
            await expired.ExecuteNonQueryAsync(ct);
        }

        await using var command = dataSource.CreateCommand($"""
            INSERT INTO {IdempotencyModel.Table} AS k (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (scope, key) DO UPDATE SET created_at = excluded.created_at
            WHERE k.completed_at IS NULL AND k.created_at < $5 AND k.request_hash = excluded.request_hash
            """);
        command.Parameters.Add(new() { Value = scope });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = hash });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now - InFlightLease });
        return await command.ExecuteNonQueryAsync(ct) == 1 ? now : null;
    }

    public async Task<IdempotentRequest?> FindAsync(string scope, string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT request_hash, status_code, content_type, location, body, created_at, completed_at
            FROM {IdempotencyModel.Table} WHERE scope = $1 AND key = $2
            """);
        command.Parameters.Add(new() { Value = scope });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new IdempotentRequest
        {
            Scope = scope,
            Key = key,
            RequestHash = reader.GetFieldValue<byte[]>(0),
            StatusCode = await reader.IsDBNullAsync(1, ct) ? null : reader.GetInt32(1),
            ContentType = await reader.IsDBNullAsync(2, ct) ? null : reader.GetString(2),
            Location = await reader.IsDBNullAsync(3, ct) ? null : reader.GetString(3),
            Body = await reader.IsDBNullAsync(4, ct) ? null : reader.GetFieldValue<byte[]>(4),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(5),
            CompletedAt = await reader.IsDBNullAsync(6, ct) ? null : reader.GetFieldValue<DateTimeOffset>(6),
        };
    }

    /// <summary>Keeps the answer, unless the endpoint already kept it in its own transaction (<see cref="IdempotentAnswers"/>) or the key was taken over.</summary>
    public async Task CompleteAsync(string scope, string key, DateTimeOffset lease, int status, string? contentType, string? location, byte[] body)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE {IdempotencyModel.Table}
            SET status_code = $3, content_type = $4, location = $5, body = $6, completed_at = $7
            WHERE scope = $1 AND key = $2 AND created_at = $8 AND completed_at IS NULL
            """);
        command.Parameters.Add(new() { Value = scope });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)contentType ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)location ?? DBNull.Value });
        command.Parameters.Add(new() { Value = body });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        command.Parameters.Add(new() { Value = lease });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Lets the key go after a failure the caller may retry (a 5xx or an abandoned request), unless another request took it over.</summary>
    public async Task ReleaseAsync(string scope, string key, DateTimeOffset lease)
    {
        await using var command = dataSource.CreateCommand(
            $"DELETE FROM {IdempotencyModel.Table} WHERE scope = $1 AND key = $2 AND created_at = $3 AND completed_at IS NULL");
        command.Parameters.Add(new() { Value = scope });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = lease });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"DELETE FROM {IdempotencyModel.Table} WHERE created_at < $1");
        command.Parameters.Add(new() { Value = time.GetUtcNow() - Lifetime });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
