using System.Collections.Concurrent;
using Alliance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Alliance.Gateway.Tests;

/// <summary>
/// A stand-in service that fails as a replica going away does: a request to <c>/{service}/drop/{n}</c>
/// has its connection cut before any answer the first n times, one to <c>/{service}/503/{n}</c> is
/// answered 503 the first n times; after that, 200. It counts every attempt that reaches it.
/// </summary>
internal sealed class FlakyUpstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> attempts = new();

    private FlakyUpstream(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public string Address { get; }

    public int Attempts(string method, string path) => attempts.GetValueOrDefault($"{method} {path}");

    public static async Task<FlakyUpstream> StartAsync()
    {
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:http:Url"] = address });
        var app = builder.Build();
        var upstream = new FlakyUpstream(app, address);
        app.Run(async context =>
        {
            var attempt = upstream.attempts.AddOrUpdate($"{context.Request.Method} {context.Request.Path}", 1, (_, n) => n + 1);
            var segments = context.Request.Path.Value!.Split('/');
            if (attempt <= int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture))
            {
                if (segments[^2] == "drop")
                {
                    context.Abort();
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            await context.Response.WriteAsJsonAsync(new { attempt }, context.RequestAborted);
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
