using System.Security.Cryptography;
using Alliance.ServiceDefaults.Problems;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Alliance.ServiceDefaults.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a public POST (ARCHITECTURE.md): scoped to the caller, kept 24 hours.
/// A retry with the same key and body replays the first answer and changes nothing; the same key
/// with another body is a 422; while the first is still running, a 409. A 5xx lets the key go, so
/// the caller may retry, and a request that died without answering holds it only for
/// <see cref="IdempotencyStore.InFlightLease"/>. An endpoint may keep its answer in the transaction of
/// its effect (<see cref="IdempotentAnswers"/>). Anonymous requests are not deduplicated. Fields an endpoint declares
/// <see cref="ShownOnceMetadata">shown once</see> are stored null and a replay answers without them.
/// </summary>
internal sealed partial class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, ILogger<IdempotencyMiddleware> logger)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const string WithheldHeaderName = "Idempotent-Withheld";
    public const int MaxKeyLength = 200;

    public const string InvalidKey = "invalid_idempotency_key";
    public const string KeyReused = "idempotency_key_reused";
    public const string KeyInFlight = "idempotency_key_in_flight";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var values)
            || context.GetEndpoint()?.Metadata.GetMetadata<AccessMetadata>() is not { Class: not (AccessClass.Public or AccessClass.Internal) }
            || (context.User.FindFirst(AllianceClaims.Subject)?.Value ?? context.User.FindFirst(AllianceClaims.ClientId)?.Value) is not { } scope)
        {
            await next(context);
            return;
        }

        // Partner client ids can be long; the stored scope stays within its column.
        scope = scope.Length <= 100 ? scope : $"sha256:{Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scope)))}";
        var key = values.ToString();
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, InvalidKey,
                $"An Idempotency-Key is 1 to {MaxKeyLength} visible ASCII characters, such as a UUID.");
            return;
        }

        var hash = await HashRequestAsync(context.Request);
        var ct = context.RequestAborted;
        if (await store.TryBeginAsync(scope, key, hash, ct) is not { } lease)
        {
            await AnswerRepeatAsync(context, await store.FindAsync(scope, key, ct), hash);
            return;
        }

        context.Features.Set(new IdempotencyKeyFeature(scope, key, lease));

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            // The exception handler answers (a 5xx or the client's abort): the change did not
            // happen as far as we know, so a retry may run.
            context.Response.Body = original;
            await store.ReleaseAsync(scope, key, lease);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status >= 500)
        {
            await store.ReleaseAsync(scope, key, lease);
        }
        else
        {
            // If this fails after the endpoint committed, the key stays in flight (409 to a retry)
            // until its lease runs out: an endpoint whose effect must not run twice keeps its answer
            // in its own transaction instead (IdempotentAnswers), and then this changes nothing.
            // Fields shown once (a new secret) are kept null: the table never holds them.
            var body = buffer.ToArray();
            var stored = context.GetEndpoint()?.Metadata.GetMetadata<ShownOnceMetadata>() is { } shownOnce ? shownOnce.Withhold(body) : body;
            await store.CompleteAsync(scope, key, lease, status, context.Response.ContentType,
                context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, stored);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task AnswerRepeatAsync(HttpContext context, IdempotentRequest? first, byte[] hash)
    {
        if (first is null)
        {
            // The first request failed and let the key go between our two reads: the caller may retry.
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, KeyInFlight, "A request with this Idempotency-Key is being processed; retry shortly.");
            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(first.RequestHash, hash))
        {
            await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, KeyReused,
                "This Idempotency-Key was used for a different request; use a new key for a new request.");
            return;
        }

        if (first.CompletedAt is null)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, KeyInFlight, "A request with this Idempotency-Key is being processed; retry shortly.");
            return;
        }

        LogReplayed(logger, context.Request.Path);
        context.Response.StatusCode = first.StatusCode ?? StatusCodes.Status200OK;
        context.Response.Headers[ReplayedHeaderName] = "true";
        if (context.GetEndpoint()?.Metadata.GetMetadata<ShownOnceMetadata>() is { } shownOnce)
        {
            context.Response.Headers[WithheldHeaderName] = string.Join(",", shownOnce.Fields);
        }
        if (first.ContentType is not null)
        {
            context.Response.ContentType = first.ContentType;
        }

        if (first.Location is not null)
        {
            context.Response.Headers.Location = first.Location;
        }

        if (first.Body is { Length: > 0 } body)
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>The method, path, query and body: the same key on another endpoint is another request.</summary>
    private static async Task<byte[]> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private static Task WriteProblemAsync(HttpContext context, int status, string code, ProblemText title) =>
        ApiProblems.Problem(status, code, title).ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the first answer to an Idempotency-Key on {Path}")]
    private static partial void LogReplayed(ILogger logger, PathString path);
}
