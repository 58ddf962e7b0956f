using System.Text.Json;
using Npgsql;

namespace Alliance.Testing;

/// <summary>
/// What a service published, read from its outbox: the rows are written in the request's own
/// transaction, so once the answer has come, the events it published are there (and those it did
/// not publish never will be). Tests of publishing itself (delivery, the broker) use an
/// <see cref="EventRecorder{TEvent}"/> instead.
/// </summary>
public static class Outbox
{
    /// <summary>Every <typeparamref name="TEvent"/> in the outbox of the service's database, oldest first.</summary>
    public static async Task<IReadOnlyList<TEvent>> EventsAsync<TEvent>(string databaseConnectionString) where TEvent : class
    {
        await using var connection = new NpgsqlConnection(databaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT body::text FROM outbox WHERE message_type LIKE @type ORDER BY created_at, id", connection);
        command.Parameters.AddWithValue("type", $"{typeof(TEvent).FullName},%");
        var events = new List<TEvent>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(JsonSerializer.Deserialize<TEvent>(reader.GetString(0), JsonSerializerOptions.Web)!);
        }

        return events;
    }

    /// <summary>The <typeparamref name="TEvent"/>s in the outbox that match.</summary>
    public static async Task<IReadOnlyList<TEvent>> EventsAsync<TEvent>(string databaseConnectionString, Func<TEvent, bool> match) where TEvent : class =>
        (await EventsAsync<TEvent>(databaseConnectionString)).Where(match).ToList();
}
