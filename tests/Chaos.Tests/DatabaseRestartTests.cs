using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alliance.Testing;
using Xunit;

namespace Alliance.Chaos.Tests;

/// <summary>
/// Fault 4: the PostgreSQL server every service uses is restarted (docker stop/start of its
/// container) while volunteers redeem a reward and the merchant's staff confirm the codes.
/// </summary>
[Trait("Category", "Chaos")]
[Collection(Faulting.Name)]
public sealed class DatabaseRestartTests(ChaosSystem system)
{
    private const int PerVolunteer = 5;
    private const int PointsCost = 2;
    private static readonly TimeSpan ClientPatience = TimeSpan.FromMinutes(4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedemptionsDuringAPostgresRestart_EndConfirmedOnce_WithNoPointsLeftHeld()
    {
        var street = new Street(system);
        var faults = new Faults(system);
        var ledgers = new Ledgers(system);
        using var streetAdmin = await street.People.StreetAdminAsync();
        var (_, _, resident) = await street.People.NewAsync("冯秀英");
        var volunteers = await street.VolunteersAsync(streetAdmin, 2, "张建华");
        var needs = await street.CompletedNeedsAsync(resident, volunteers, volunteers.Count);
        await Street.ConfirmAsync(resident, needs);
        var (merchant, offer, staff) = await MerchantWithRewardAsync(street.People, streetAdmin);
        foreach (var (id, client) in volunteers)
        {
            await Eventually.TrueAsync(async () => (await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/points/accounts/{id}", Ct))
                .GetProperty("available").GetInt64() >= PerVolunteer * PointsCost, "The volunteer's credit");
        }

        var duplicatesBefore = system.DuplicatesSuppressed;
        var confirmed = 0;
        var redeeming = Task.WhenAll(volunteers.Select(v => Task.Run(async () =>
        {
            for (var i = 0; i < PerVolunteer; i++)
            {
                var (issued, redemption, _) = await Persistently.PostAsync(v.Client, $"/api/merchants/offers/{offer}/redemptions", new { }, ClientPatience);
                Assert.True(issued == HttpStatusCode.Created, $"Redeeming: {(int)issued} {redemption}");
                var (status, body, _) = await Persistently.PostAsync(staff, $"/api/merchants/{merchant}/redemptions/confirmation",
                    new { code = redemption.GetProperty("code").GetString() }, ClientPatience);
                Assert.True(status == HttpStatusCode.OK, $"Confirming: {(int)status} {body}");
                Interlocked.Increment(ref confirmed);
            }
        }, Ct)));

        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref confirmed) >= 2 || redeeming.IsCompleted), "Two redemptions confirmed before the restart");
        var down = Stopwatch.StartNew();
        try
        {
            await faults.StopContainerAsync("postgres");
        }
        finally
        {
            await faults.StartContainerAsync("postgres");
        }

        var outage = down.Elapsed;
        var recovering = Stopwatch.StartNew();
        await redeeming;
        var recovery = recovering.Elapsed;

        var expected = volunteers.Count * PerVolunteer;
        var confirmedAtCounter = await ledgers.CountAsync("merchants", "SELECT count(*) FROM redemptions WHERE offer_id = @p0 AND status = 'Confirmed'", offer);
        // An attempt answered "try again" (503) is let go: abandoned, its quota unit and points given back, and
        // its retry is a new redemption. If the database was away then too, it stays reserving and its due
        // work lets it go at the code's expiry (30 min): its quota unit back, and any points Points held for
        // it released. The code's expiry is brought to now here, as time would, and that backstop must act.
        var abandoned = await ledgers.CountAsync("merchants", "SELECT count(*) FROM redemptions WHERE offer_id = @p0 AND status <> 'Confirmed'", offer);
        var waiting = await ledgers.CountAsync("merchants", """
            WITH moved AS (
              UPDATE due_work d SET due_at = now() FROM redemptions r
              WHERE d.kind = 'redemption-expiry' AND d.key = r.id::text AND d.parked_at IS NULL AND r.offer_id = @p0 AND r.status = 'Reserving'
              RETURNING 1)
            SELECT count(*) FROM moved
            """, offer);
        await Eventually.TrueAsync(async () => await ledgers.CountAsync("merchants", """
            SELECT count(*) FROM redemptions r LEFT JOIN due_work d ON d.kind = 'redemption-expiry' AND d.key = r.id::text AND d.parked_at IS NULL
            WHERE r.offer_id = @p0 AND (r.status = 'Reserving' OR (r.status = 'Abandoned' AND d.id IS NOT NULL))
            """, offer) == 0, "Every redemption let go released by its due work", TimeSpan.FromMinutes(2));
        var quotaUsed = await ledgers.CountAsync("merchants", "SELECT coalesce(sum(used), 0) FROM quota_usage WHERE offer_id = @p0", offer);
        var ids = volunteers.Select(v => v.Id).ToArray();
        var commits = await ledgers.CountAsync("points", "SELECT count(*) FROM ledger_entries WHERE volunteer_id = ANY(@p0) AND kind = 'Commit'", ids);
        var committed = await ledgers.CountAsync("points", "SELECT count(DISTINCT source_id) FROM ledger_entries WHERE volunteer_id = ANY(@p0) AND kind = 'Commit'", ids);
        var held = await ledgers.CountAsync("points", "SELECT coalesce(sum(reserved), 0) FROM accounts WHERE volunteer_id = ANY(@p0)", ids);
        var (inError, parked, unbalanced) = await ledgers.SettledAsync(faults);
        new FaultOutcome("PostgreSQL restarted (docker stop/start)", $"{expected} redemptions redeemed and confirmed at the counter ({abandoned} attempts answered try again, {waiting} of them let go by their due work at the code's expiry)", expected * 2,
            (int)Math.Min(confirmedAtCounter, expected) + (int)committed, (int)(Math.Max(0, confirmedAtCounter - expected) + commits - committed), inError, parked, unbalanced,
            system.DuplicatesSuppressed - duplicatesBefore, outage, recovery).Report();
        Assert.Equal((0L, (long)expected), (held, quotaUsed));
    }

    /// <summary>A verified merchant, a points reward of its own, and its registrant signed in as its staff.</summary>
    private static async Task<(Guid Merchant, Guid Offer, HttpClient Staff)> MerchantWithRewardAsync(People people, HttpClient streetAdmin)
    {
        var (merchant, staff) = await people.VerifiedMerchantAsync(streetAdmin);
        var offer = await People.IdOfAsync(await staff.PostAsJsonAsync($"/api/merchants/{merchant}/offers", People.PointsReward(PointsCost, quota: 100), Ct));
        return (merchant, offer, staff);
    }
}
