using System.Collections.Concurrent;
using Alliance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Alliance.Gateway.Tests;

/// <summary>A stand-in service on a loopback port: it records every request that reaches it and answers 200.</summary>
internal sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private RecordingUpstream(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>As the AppHost would give it: <c>services:{name}:http:0</c>.</summary>
    public string Address { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<RecordingUpstream> StartAsync()
    {
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        // The test's folder holds the gateway's appsettings.json, whose Kestrel endpoints are not this one's.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:http:Url"] = address });
        var app = builder.Build();
        var upstream = new RecordingUpstream(app, address);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            upstream.Requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.Length));
            await context.Response.WriteAsJsonAsync(new { status = "Healthy" }, context.RequestAborted);
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
