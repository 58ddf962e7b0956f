using System.Text.Json;
using Alliance.Messaging;
using Alliance.Needs.Board;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Alliance.Needs.Data;

internal sealed class NeedsDbContext(DbContextOptions<NeedsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Need> Needs => Set<Need>();

    public DbSet<NeedClaim> Claims => Set<NeedClaim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.AddRevokedClientsTable();
        modelBuilder.Entity<Need>(need =>
        {
            need.HasKey(n => n.Id);
            need.Ignore(n => n.IsAssisted);
            need.Ignore(n => n.AllowedHelpers);
            need.Ignore(n => n.Helping);
            need.Ignore(n => n.People);
            need.Property(n => n.Title).HasMaxLength(NeedDraft.MaxTitleLength);
            need.Property(n => n.Description).HasMaxLength(NeedDraft.MaxDescriptionLength);
            need.Property(n => n.KindId).HasMaxLength(64);
            need.Property(n => n.CommunityId).HasMaxLength(64);
            need.Property(n => n.GridId).HasMaxLength(64);
            need.Property(n => n.Building).HasMaxLength(64);
            need.Property(n => n.Address).HasMaxLength(NeedDraft.MaxAddressLength);
            need.Property(n => n.Wish).HasMaxLength(NeedDraft.MaxWishLength);
            need.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
            need.Property(n => n.ClaimantKind).HasConversion<string>().HasMaxLength(16);
            need.Property(n => n.ConfirmedBy).HasConversion<string>().HasMaxLength(16);
            need.Property(n => n.Helpers).HasColumnType("jsonb").HasConversion(
                helpers => JsonSerializer.Serialize(helpers, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<HelperHours>>(json, JsonSerializerOptions.Web) ?? new List<HelperHours>(),
                new ValueComparer<List<HelperHours>>((a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (hash, h) => HashCode.Combine(hash, h)), list => list.ToList()));
            // PostgreSQL's xmin: of two changes to one need, the second fails to save (exactly one claim wins).
            need.Property(n => n.Version).IsRowVersion();
            need.HasIndex(n => new { n.Status, n.Urgency, n.PostedAt, n.Id });
            need.HasIndex(n => n.RequesterId);
            // The claim that stands comes with its need wherever a need is read, so its rules can end it.
            need.HasOne(n => n.CurrentClaim).WithOne().HasForeignKey<Need>("CurrentClaimId");
            need.Navigation(n => n.CurrentClaim).AutoInclude();
        });
        modelBuilder.Entity<NeedClaim>(claim =>
        {
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Id).ValueGeneratedNever();
            claim.Property(c => c.ClaimantKind).HasConversion<string>().HasMaxLength(16);
            claim.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
            claim.HasIndex(c => new { c.ClaimedById, c.Id });
            claim.HasIndex(c => new { c.ClaimantKind, c.ClaimantId, c.Id });
            claim.HasIndex(c => c.NeedId);
        });
    }
}
