using System.Security.Cryptography;
using Alliance.Volunteers.Data;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Alliance.Volunteers.Privacy;

/// <summary>A tombstone of an erased volunteer: the keyed hash of their id, and nothing that names the anonymous id their hours went to.</summary>
internal sealed class ErasedVolunteer
{
    public byte[] IdHash { get; set; } = [];
}

/// <summary>
/// Keeps erased volunteers erased whatever comes late (docs/domain.md, PIPL): hours for an erased id are
/// booked under a new anonymous id of their own, never under the real one, so the street's sums still
/// add up. The id is kept only as HMAC-SHA256 under a key derived (HKDF) from <c>Volunteers:IdCardKey</c>,
/// as the ID card's hash is. Registering again (the same account) lifts the tombstone.
/// </summary>
internal sealed class ErasedVolunteers(VolunteersDbContext db, ErasureKey key)
{
    /// <summary>
    /// Takes the volunteer's turn until the transaction ends: an erasure and a booking of one id never
    /// interleave (so hours either land before the erasure, which then moves them, or see the tombstone),
    /// and a credit and the adjustment held for it take turns.
    /// </summary>
    public Task LockAsync(Guid volunteerId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({volunteerId.ToString()}, 0))", ct);

    /// <summary>Remembers the erasure, in the caller's transaction; call <see cref="LockAsync"/> first.</summary>
    public Task RememberAsync(Guid volunteerId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"INSERT INTO erased_volunteers (id_hash) VALUES ({key.Hash(volunteerId)}) ON CONFLICT DO NOTHING", ct);

    /// <summary>The id to book hours under, in the volunteer's turn: their own, or for an erased one a new anonymous id.</summary>
    public async Task<(Guid Id, bool Erased)> BookingIdAsync(Guid volunteerId, CancellationToken ct)
    {
        await LockAsync(volunteerId, ct);
        var hash = key.Hash(volunteerId);
        return await db.ErasedVolunteers.AnyAsync(e => e.IdHash == hash, ct) ? (Anonymous(), true) : (volunteerId, false);
    }

    /// <summary>The person registers again with the same account: their tombstone goes with the registration's save.</summary>
    public async Task ForgetOnSaveAsync(Guid volunteerId, CancellationToken ct)
    {
        var hash = key.Hash(volunteerId);
        if (await db.ErasedVolunteers.FirstOrDefaultAsync(e => e.IdHash == hash, ct) is { } tombstone)
        {
            db.ErasedVolunteers.Remove(tombstone);
        }
    }

    /// <summary>A random id (version 4): unlike a version 7 it says nothing of when it was made.</summary>
    public static Guid Anonymous() => Guid.NewGuid();
}

/// <summary>The HMAC key for the tombstones, derived once from Volunteers' one configured secret with its own label.</summary>
internal sealed class ErasureKey(IOptions<IdCardOptions> options)
{
    private readonly byte[] hashKey = HKDF.DeriveKey(
        HashAlgorithmName.SHA256,
        IdCardProtector.ParseKey(options.Value.IdCardKey) ?? throw new InvalidOperationException("Volunteers:IdCardKey must be base64 of 32 random bytes."),
        32,
        info: "alliance/volunteers/erased-volunteers/hmac/v1"u8.ToArray());

    public byte[] Hash(Guid volunteerId) => HMACSHA256.HashData(hashKey, volunteerId.ToByteArray());
}
