using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alliance.ServiceDefaults.Idempotency;

/// <summary>The Idempotency-Key this request holds, and the lease it holds it by (the middleware sets it).</summary>
public sealed record IdempotencyKeyFeature(string Scope, string Key, DateTimeOffset Lease);

/// <summary>
/// Keeps a request's answer under its Idempotency-Key in the transaction of the effect it guards, so
/// a crash between the commit and the answer leaves a key that replays, never one in flight.
/// </summary>
public static class IdempotentAnswers
{
    /// <summary>
    /// Saves the tracked changes and keeps the answer under the request's Idempotency-Key in one
    /// transaction: a retry after a crash replays this answer instead of doing the work again. False
    /// (nothing saved) when a retry took the key over first; the caller answers "try again".
    /// </summary>
    public static async Task<bool> SaveKeepingAnswerAsync<T>(this DbContext db, HttpContext http, int status, T body, string? location, CancellationToken ct)
    {
        if (http.Features.Get<IdempotencyKeyFeature>() is null)
        {
            await db.SaveChangesAsync(ct);
            return true;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (!await db.Database.KeepAnswerAsync(http, status, body, location, ct))
        {
            return false;
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Writes the answer (the JSON <paramref name="body"/> as the endpoint will send it) in the open
    /// transaction. True when there is no key or it is kept; false when this request no longer holds
    /// its key (its lease ran out and a retry took it over): roll back, the retry does the work.
    /// </summary>
    public static async Task<bool> KeepAnswerAsync<T>(this DatabaseFacade database, HttpContext http, int status, T body, string? location, CancellationToken ct)
    {
        if (http.Features.Get<IdempotencyKeyFeature>() is not { } held)
        {
            return true;
        }

        if (database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An answer is kept in the transaction of its effect: begin one first.");
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, json);
        var stored = http.GetEndpoint()?.Metadata.GetMetadata<ShownOnceMetadata>() is { } shownOnce ? shownOnce.Withhold(bytes) : bytes;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var kept = await database.ExecuteSqlAsync($"""
            UPDATE idempotency_keys SET status_code = {status}, content_type = {"application/json; charset=utf-8"}, location = {location}, body = {stored}, completed_at = {now}
            WHERE scope = {held.Scope} AND key = {held.Key} AND created_at = {held.Lease} AND completed_at IS NULL
            """, ct);
        return kept == 1;
    }
}
