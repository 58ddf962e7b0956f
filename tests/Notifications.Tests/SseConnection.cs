using System.Net.Http.Headers;
using System.Text.Json;

namespace Alliance.Notifications.Tests;

/// <summary>One Server-Sent Events frame: its comment lines, or an event with its id and data.</summary>
public sealed record SseFrame(IReadOnlyList<string> Comments, string? Id, string? Event, string? Data)
{
    public bool IsHeartbeat => Comments.Contains("heartbeat");

    public JsonElement Json => JsonDocument.Parse(Data ?? throw new InvalidOperationException("A frame without data.")).RootElement;
}

/// <summary>
/// A client's open push stream, read as a browser's <c>fetch</c> would: a GET with the bearer token,
/// the body read as it comes, frame by frame.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly HttpResponseMessage response;
    private readonly StreamReader reader;

    private SseConnection(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        this.client = client;
        this.response = response;
        this.reader = reader;
    }

    /// <summary>Opens <paramref name="path"/> on <paramref name="address"/> and waits for the stream's opening frame.</summary>
    public static async Task<SseConnection> OpenAsync(Uri address, string path, string token, string? lastEventId = null, string? language = null)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Xunit.TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"The stream answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        var stream = new SseConnection(client, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        var first = await stream.NextAsync();
        return first.Comments.Contains("open") ? stream : throw new InvalidOperationException("The stream did not open with its opening comment.");
    }

    public string? ContentType => response.Content.Headers.ContentType?.MediaType;

    /// <summary>The next frame, within <paramref name="within"/> (10 s by default); <see cref="EndOfStreamException"/> when the server closed the stream.</summary>
    public async Task<SseFrame> NextAsync(TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Xunit.TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(10));
        var comments = new List<string>();
        string? id = null, kind = null, data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The server closed the stream.");
            if (line.Length == 0)
            {
                return new SseFrame(comments, id, kind, data);
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = data is null ? line[6..] : data + "\n" + line[6..];
            }
        }
    }

    /// <summary>The next event, passing over heartbeats, within <paramref name="within"/> in all (10 s by default).</summary>
    public async Task<SseFrame> NextEventAsync(TimeSpan? within = null)
    {
        var until = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = until - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("No event came in time, only heartbeats.");
            }

            var frame = await NextAsync(left);
            if (frame.Event is not null)
            {
                return frame;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        reader.Dispose();
        response.Dispose();
        client.Dispose();
        await Task.CompletedTask;
    }
}
