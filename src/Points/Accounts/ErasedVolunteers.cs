using System.Security.Cryptography;
using Alliance.Points.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Points.Accounts;

internal sealed class ErasureOptions
{
    public const string Section = "Points";

    /// <summary>Base64 of 32 random bytes, from a secret store (the AppHost's <c>points-erasure-key</c>); never the repo.</summary>
    public string? ErasureKey { get; set; }
}

/// <summary>
/// A tombstone of an erased volunteer: the keyed hash of their id and when Volunteers erased them.
/// Nothing names the anonymous id their ledger went to, and without the key the hash names no one.
/// </summary>
internal sealed class ErasedVolunteer
{
    public byte[] IdHash { get; set; } = [];

    /// <summary>The erasure's own instant (the event's): a registration after it is the person coming back.</summary>
    public DateTimeOffset ErasedAt { get; set; }
}

/// <summary>
/// Keeps erased volunteers erased whatever comes late (docs/domain.md, PIPL): a credit, an adjustment or a
/// registration for an erased id never opens or fills an account under it. A late earning is booked
/// under a new anonymous id of its own, so the street's sums still add up. The id is kept only as
/// HMAC-SHA256 under a key derived (HKDF) from <c>Points:ErasureKey</c>.
/// </summary>
internal sealed class ErasedVolunteers(PointsDbContext db, ErasureKey key)
{
    /// <summary>
    /// Takes the volunteer's turn until the transaction ends: an erasure and an earning of one id never
    /// interleave, so an earning either lands before the erasure (which then moves it) or sees the tombstone.
    /// </summary>
    public Task LockAsync(Guid volunteerId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({volunteerId.ToString()}, 0))", ct);

    /// <summary>Remembers the erasure (a later one of the same id moves its instant on). Call <see cref="LockAsync"/> first.</summary>
    public Task RememberAsync(Guid volunteerId, DateTimeOffset erasedAt, CancellationToken ct)
    {
        var hash = key.Hash(volunteerId);
        return db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO erased_volunteers (id_hash, erased_at) VALUES ({hash}, {erasedAt.ToUniversalTime()})
            ON CONFLICT (id_hash) DO UPDATE SET erased_at = GREATEST(erased_volunteers.erased_at, EXCLUDED.erased_at)
            """,
            ct);
    }

    /// <summary>When the volunteer was erased, or null.</summary>
    public async Task<DateTimeOffset?> ErasedAtAsync(Guid volunteerId, CancellationToken ct)
    {
        var hash = key.Hash(volunteerId);
        return (await db.ErasedVolunteers.AsNoTracking().FirstOrDefaultAsync(e => e.IdHash == hash, ct))?.ErasedAt;
    }

    /// <summary>The id to book an earning under, in the volunteer's turn: their own, or for an erased one a new anonymous id.</summary>
    public async Task<(Guid Id, bool Erased)> BookingIdAsync(Guid volunteerId, CancellationToken ct)
    {
        await LockAsync(volunteerId, ct);
        return await ErasedAtAsync(volunteerId, ct) is null ? (volunteerId, false) : (Anonymous(), true);
    }

    /// <summary>The volunteer registered again after their erasure: their own id takes earnings again.</summary>
    public Task ForgetAsync(Guid volunteerId, CancellationToken ct)
    {
        var hash = key.Hash(volunteerId);
        return db.ErasedVolunteers.Where(e => e.IdHash == hash).ExecuteDeleteAsync(ct);
    }

    /// <summary>A random id (version 4): unlike a version 7 it says nothing of when it was made, so nothing ties it to an erasure.</summary>
    public static Guid Anonymous() => Guid.NewGuid();
}

/// <summary>The HMAC key for the tombstones, derived once from the configured secret.</summary>
internal sealed class ErasureKey
{
    private readonly byte[] hashKey;

    public ErasureKey(IOptions<ErasureOptions> options)
    {
        var secret = Parse(options.Value.ErasureKey)
            ?? throw new InvalidOperationException("Points:ErasureKey must be base64 of 32 random bytes.");
        hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "alliance/points/erased-volunteers/hmac/v1"u8.ToArray());
    }

    /// <summary>Whether a configured value is a usable key (checked at start).</summary>
    public static bool IsValidKey(string? value) => Parse(value) is not null;

    public byte[] Hash(Guid volunteerId) => HMACSHA256.HashData(hashKey, volunteerId.ToByteArray());

    private static byte[]? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32 ? bytes[..32] : null;
    }
}
