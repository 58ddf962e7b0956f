using Alliance.Messaging;
using Alliance.Points.Accounts;
using Alliance.Points.Flags;
using Alliance.Points.Ledger;
using Alliance.Points.Recognition;
using Alliance.Points.Redemptions;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Points.Data;

internal sealed class PointsDbContext(DbContextOptions<PointsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Today in Asia/Shanghai, as PostgreSQL reckons it (docs/domain.md, "Time").</summary>
    public const string ShanghaiToday = "(now() AT TIME ZONE 'Asia/Shanghai')::date";

    public DbSet<PointsAccount> Accounts => Set<PointsAccount>();

    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<Redemption> Redemptions => Set<Redemption>();

    public DbSet<RedemptionTombstone> RedemptionTombstones => Set<RedemptionTombstone>();

    public DbSet<NeedConfirmation> NeedConfirmations => Set<NeedConfirmation>();

    public DbSet<ActivityConfirmation> ActivityConfirmations => Set<ActivityConfirmation>();

    public DbSet<KnownAccount> KnownAccounts => Set<KnownAccount>();

    public DbSet<Flag> Flags => Set<Flag>();

    public DbSet<Star> Stars => Set<Star>();

    /// <summary>The leaderboards' read model, written only by the trigger on <c>ledger_entries</c>.</summary>
    public DbSet<MonthlyEarning> MonthlyEarnings => Set<MonthlyEarning>();

    public DbSet<PendingAdjustment> PendingAdjustments => Set<PendingAdjustment>();

    public DbSet<ErasedVolunteer> ErasedVolunteers => Set<ErasedVolunteer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<PointsAccount>(account =>
        {
            account.ToTable("accounts", table => table.HasCheckConstraint("ck_accounts_available_not_negative", "available >= 0"));
            account.HasKey(a => a.VolunteerId);
        });
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
            entry.Property(e => e.Reason).HasMaxLength(50);
            entry.Property(e => e.CommunityId).HasMaxLength(100);
            entry.Property(e => e.Why).HasColumnType("jsonb");
            // docs/domain.md, "Balances": one NeedConfirmed credits each helper once; one redemption reserves once, then commits or releases once.
            entry.HasIndex(e => new { e.SourceId, e.VolunteerId, e.Kind }).IsUnique();
            entry.HasIndex(e => new { e.VolunteerId, e.Id });
            entry.HasIndex(e => e.ServiceDate);
            entry.Property(e => e.Hours).HasPrecision(9, 2);
            // An older replica inserts without it: its entries count on the day they are written.
            entry.Property(e => e.EarnedOn).HasDefaultValueSql(ShanghaiToday);
            entry.HasIndex(e => e.AdjustsSourceId);
        });
        modelBuilder.Entity<Redemption>(redemption =>
        {
            redemption.ToTable("redemptions");
            redemption.HasKey(r => r.Id);
            redemption.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            redemption.Property(r => r.ClosedBy).HasMaxLength(50);
            redemption.HasIndex(r => r.VolunteerId);
        });
        modelBuilder.Entity<RedemptionTombstone>(tombstone =>
        {
            tombstone.ToTable("redemption_tombstones");
            tombstone.HasKey(t => t.RedemptionId);
        });
        modelBuilder.Entity<NeedConfirmation>(confirmation =>
        {
            confirmation.ToTable("need_confirmations");
            confirmation.HasKey(c => new { c.NeedId, c.VolunteerId });
            confirmation.Property(c => c.Month).HasMaxLength(7);
            confirmation.HasIndex(c => new { c.RequesterId, c.VolunteerId, c.Month });
        });
        modelBuilder.Entity<ActivityConfirmation>(confirmation =>
        {
            confirmation.ToTable("activity_confirmations");
            confirmation.HasKey(c => new { c.ActivityId, c.VolunteerId });
            confirmation.Property(c => c.CommunityId).HasMaxLength(100);
            confirmation.Property(c => c.Hours).HasPrecision(9, 2);
            confirmation.HasIndex(c => new { c.VolunteerId, c.ConfirmedAt });
            confirmation.HasIndex(c => new { c.TeamId, c.ConfirmedAt });
        });
        modelBuilder.Entity<KnownAccount>(account =>
        {
            account.ToTable("known_accounts");
            account.HasKey(a => a.AccountId);
        });
        modelBuilder.Entity<Flag>(flag =>
        {
            flag.ToTable("flags");
            flag.HasKey(f => f.Id);
            flag.Property(f => f.Kind).HasConversion<string>().HasMaxLength(30);
            flag.Property(f => f.Key).HasMaxLength(200);
            flag.Property(f => f.CommunityId).HasMaxLength(100);
            flag.Property(f => f.Detail).HasColumnType("jsonb");
            flag.Property(f => f.Status).HasConversion<string>().HasMaxLength(20).HasDefaultValue(FlagStatus.Open);
            flag.Property(f => f.DecisionReason).HasMaxLength(Flag.MaxReasonLength);
            flag.Ignore(f => f.CreditSource);
            flag.HasIndex(f => new { f.Kind, f.Key }).IsUnique();
            flag.HasIndex(f => new { f.Status, f.Id });
        });
        modelBuilder.Entity<Star>(star =>
        {
            star.ToTable("stars");
            star.HasKey(s => new { s.Year, s.VolunteerId });
            star.Property(s => s.Citation).HasMaxLength(500);
        });
        modelBuilder.Entity<MonthlyEarning>(earning =>
        {
            earning.ToTable("monthly_earnings");
            earning.HasKey(m => m.Id);
            earning.Property(m => m.CommunityId).HasMaxLength(100);
            // The trigger's upsert target; a board reads a period's rows from this index alone.
            earning.HasIndex(m => new { m.Month, m.CommunityId, m.TeamId, m.VolunteerId }).IsUnique().AreNullsDistinct(false)
                .IncludeProperties(m => m.Points);
        });
        modelBuilder.Entity<PendingAdjustment>(pending =>
        {
            pending.ToTable("pending_adjustments");
            pending.HasKey(p => p.AdjustmentId);
            pending.Property(p => p.HoursDelta).HasPrecision(9, 2);
            // A credit looks for what waits for it.
            pending.HasIndex(p => new { p.SourceId, p.VolunteerId });
            pending.HasIndex(p => p.VolunteerId);
        });
        modelBuilder.Entity<ErasedVolunteer>(erased =>
        {
            erased.ToTable("erased_volunteers");
            erased.HasKey(e => e.IdHash);
        });
    }
}
