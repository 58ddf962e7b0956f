using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Alliance.Testing;

/// <summary>One request a partner's endpoint received: its delivery, event and signature headers, its body, and what it answered.</summary>
public sealed record ReceivedHook(string? Delivery, string? Event, string? Signature, string? ContentType, string Body, int Answered);

/// <summary>
/// A partner's endpoint on http://127.0.0.1 (which the tests' setting lets through): it keeps every
/// request, and answers each with the next status of its script (200 once the script is spent).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> script;
    private readonly WebApplication app;

    private WebhookReceiver(WebApplication app, IEnumerable<int> answers)
    {
        this.app = app;
        script = new ConcurrentQueue<int>(answers);
    }

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var receiver = new WebhookReceiver(builder.Build(), answers);
        receiver.app.MapPost("/hooks", receiver.ReceiveAsync);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = $"{address}/hooks";
        return receiver;
    }

    /// <summary>Whether the signature header is <c>t=..,v1=..</c> with v1 the HMAC-SHA256 of "t.body" under the secret, as a partner checks it.</summary>
    public static bool SignatureIsValid(ReceivedHook hook, string secret)
    {
        var parts = (hook.Signature ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{hook.Body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var status = script.TryDequeue(out var next) ? next : StatusCodes.Status200OK;
        Received.Enqueue(new ReceivedHook(
            request.Headers["X-Alliance-Delivery"], request.Headers["X-Alliance-Event"], request.Headers["X-Alliance-Signature"], request.ContentType, body, status));
        return Results.StatusCode(status);
    }
}
