using Npgsql;

namespace Alliance.Testing;

/// <summary>
/// Finished work for a test, made by moving a stored row's times into the past in the service's
/// database, as the timer tests move <c>due_at</c>. The API refuses back-dated work (an activity
/// that started yesterday, hours longer than the time worked), so a test never back-dates through it.
/// </summary>
public static class StoredTimes
{
    /// <summary>
    /// Moves every instant of the rows of <paramref name="table"/> whose <paramref name="keyColumn"/> is
    /// <paramref name="key"/> back by <paramref name="by"/>, as if all of it had happened that much earlier.
    /// Returns the number of rows moved.
    /// </summary>
    public static async Task<int> MoveBackAsync(string connectionString, string table, Guid key, TimeSpan by, string keyColumn = "id")
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table AND data_type = 'timestamp with time zone'",
            connection))
        {
            list.Parameters.AddWithValue("table", table);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException($"The table '{table}' has no instants to move.", nameof(table));
        }

        var set = string.Join(", ", columns.Select(c => $"\"{c}\" = \"{c}\" - @by"));
        await using var update = new NpgsqlCommand($"UPDATE \"{table}\" SET {set} WHERE \"{keyColumn}\" = @key", connection);
        update.Parameters.AddWithValue("by", by);
        update.Parameters.AddWithValue("key", key);
        return await update.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes a Teams activity one that ended <paramref name="endedAgo"/> ago, with the same length: the
    /// activity and its sign-ups (check-in and check-out included) move back together.
    /// </summary>
    public static async Task EndActivityAsync(string teamsDatabase, Guid activityId, TimeSpan? endedAgo = null)
    {
        var endsAt = await ReadInstantAsync(teamsDatabase, "SELECT ends_at FROM activities WHERE id = @id", activityId);
        var by = endsAt - DateTimeOffset.UtcNow + (endedAgo ?? TimeSpan.FromMinutes(1));
        await MoveBackAsync(teamsDatabase, "activities", activityId, by);
        await MoveBackAsync(teamsDatabase, "sign_ups", activityId, by, keyColumn: "activity_id");
    }

    /// <summary>
    /// Makes a Needs need's work have begun <paramref name="ago"/> earlier: its posting, claim, acceptance
    /// and start move back, so hours reported at completion now fit the time elapsed.
    /// </summary>
    public static Task<int> MoveNeedBackAsync(string needsDatabase, Guid needId, TimeSpan ago) =>
        MoveBackAsync(needsDatabase, "needs", needId, ago);

    private static async Task<DateTimeOffset> ReadInstantAsync(string connectionString, string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() is DateTime utc
            ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))
            : throw new InvalidOperationException($"No row has the id {id}.");
    }
}
