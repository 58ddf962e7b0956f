using Alliance.Points.Data;
using Alliance.Points.Flags;
using Alliance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Xunit;

namespace Alliance.Points.Tests;

/// <summary>The expand-only migrations since issue 20 keep the rows they find, and fill their new columns and read models from them.</summary>
public sealed class MigrationTests(Containers containers)
{
    private const string BeforeIssue20 = "20261126043843_EarningFlagsAndStars";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EarnedOn_Hours_FlagSources_AndActivityConfirmations_AreBackfilledFromWhatTheRowsKnew()
    {
        var database = await containers.CreateDatabaseAsync();
        await using var db = new PointsDbContext(new DbContextOptionsBuilder<PointsDbContext>().UseServiceDatabase(database).Options);
        await db.GetService<IMigrator>().MigrateAsync(BeforeIssue20, Ct);
        var (volunteer, need, activity, adjustment, team) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        // A need done on 30 March, confirmed at 01:00 on 1 April in Shanghai, recorded on 5 April; an activity recorded at 04:00 on 11 May in Shanghai.
        const string Columns = "id, volunteer_id, kind, source_id, amount, available_delta, reserved_delta, available_after, reserved_after, service_date, team_id, community_id, recorded_at, reason, why";
        var needWhy = """{"inputs":{"needId":"x","earning":{"hours":2.0,"ratePerHour":12}}}""";
        var activityWhy = """{"inputs":{"activityId":"x","earning":{"hours":3.5}}}""";
        var adjustmentWhy = "{\"inputs\":{\"sourceId\":\"" + activity + "\",\"hoursDelta\":-1.5}}";
        string[] statements =
        [
            $"INSERT INTO accounts (volunteer_id, available, reserved, opened_at) VALUES ('{volunteer}', 40, 0, '2026-03-01T00:00:00Z')",
            $"INSERT INTO need_confirmations (need_id, volunteer_id, requester_id, month, rating, confirmed_at) VALUES ('{need}', '{volunteer}', '{Guid.CreateVersion7()}', '2026-04', 5, '2026-03-31T17:00:00Z')",
            $"INSERT INTO ledger_entries ({Columns}) VALUES ('{Guid.CreateVersion7()}', '{volunteer}', 'Credit', '{need}', 24, 24, 0, 24, 0, '2026-03-30', NULL, 'wanda', '2026-04-05T02:00:00Z', 'need_confirmed', '{needWhy}')",
            $"INSERT INTO ledger_entries ({Columns}) VALUES ('{Guid.CreateVersion7()}', '{volunteer}', 'Credit', '{activity}', 35, 35, 0, 59, 0, '2026-05-01', '{team}', 'wanda', '2026-05-10T20:00:00Z', 'activity_confirmed', '{activityWhy}')",
            $"INSERT INTO ledger_entries ({Columns}) VALUES ('{Guid.CreateVersion7()}', '{volunteer}', 'Adjustment', '{adjustment}', -19, -19, 0, 40, 0, '2026-05-01', '{team}', 'wanda', '2026-05-20T02:00:00Z', 'hours_adjusted', '{adjustmentWhy}')",
            $"INSERT INTO flags (id, kind, key, volunteer_id, requester_id, need_id, community_id, detail, raised_at) VALUES ('{Guid.CreateVersion7()}', 'FastFiveStar', '{need}:{volunteer}', '{volunteer}', NULL, '{need}', 'wanda', '{{}}', '2026-04-05T02:00:00Z')",
        ];
        foreach (var sql in statements)
        {
            await ExecuteAsync(database, sql);
        }

        await db.GetService<IMigrator>().MigrateAsync(cancellationToken: Ct);

        var entries = await db.Ledger.AsNoTracking().Where(e => e.VolunteerId == volunteer).ToDictionaryAsync(e => e.SourceId, Ct);
        Assert.Equal((new DateOnly(2026, 4, 1), 2.0m), (entries[need].EarnedOn, entries[need].Hours));
        Assert.Equal((new DateOnly(2026, 5, 11), 3.5m), (entries[activity].EarnedOn, entries[activity].Hours));
        Assert.Equal((new DateOnly(2026, 5, 20), -1.5m, activity), (entries[adjustment].EarnedOn, entries[adjustment].Hours, entries[adjustment].AdjustsSourceId));
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.VolunteerId == volunteer, Ct);
        Assert.Equal((need, FlagStatus.Open), (flag.SourceId, flag.Status));
        var confirmation = await db.ActivityConfirmations.AsNoTracking().SingleAsync(c => c.VolunteerId == volunteer, Ct);
        Assert.Equal((activity, team, 3.5m, new DateTimeOffset(2026, 5, 10, 20, 0, 0, TimeSpan.Zero)), (confirmation.ActivityId, confirmation.TeamId, confirmation.Hours, confirmation.ConfirmedAt));

        // The leaderboards' monthly totals are the rows' sums: April's need, and May's activity less its adjustment.
        var totals = await db.MonthlyEarnings.AsNoTracking().Where(m => m.VolunteerId == volunteer).OrderBy(m => m.Month)
            .Select(m => new { m.Month, m.CommunityId, m.TeamId, m.Points }).ToListAsync(Ct);
        Assert.Equal(
            [new { Month = new DateOnly(2026, 4, 1), CommunityId = (string?)"wanda", TeamId = (Guid?)null, Points = 24L }, new { Month = new DateOnly(2026, 5, 1), CommunityId = (string?)"wanda", TeamId = (Guid?)team, Points = 16L }],
            totals);

        // An older replica's inserts, which name none of the new columns, still work: open, and earned today.
        await ExecuteAsync(
            database,
            $"INSERT INTO flags (id, kind, key, volunteer_id, need_id, detail, raised_at) VALUES ('{Guid.CreateVersion7()}', 'RepeatPair', 'older', '{volunteer}', '{need}', '{{}}', now())");
        await ExecuteAsync(
            database,
            $"INSERT INTO ledger_entries (id, volunteer_id, kind, source_id, amount, available_delta, reserved_delta, available_after, reserved_after, service_date, recorded_at, reason, why) " +
            $"VALUES ('{Guid.CreateVersion7()}', '{volunteer}', 'Reserve', '{Guid.CreateVersion7()}', 10, -10, 10, 30, 10, '2026-06-01', now(), 'redemption_reserved', '{{}}')");
        Assert.Equal(2, await db.Flags.CountAsync(f => f.VolunteerId == volunteer && f.Status == FlagStatus.Open, Ct));
        var today = Alliance.Contracts.Time.Shanghai.DateOf(DateTimeOffset.UtcNow);
        Assert.True(await db.Ledger.AnyAsync(e => e.VolunteerId == volunteer && e.Kind == Ledger.EntryKind.Reserve && e.EarnedOn >= today.AddDays(-1), Ct));
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
