using Alliance.Identity.Accounts;
using Alliance.Identity.PartnerClients;
using Alliance.Identity.Tokens;
using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Identity.Data;

/// <summary>Accounts and roles (ASP.NET Core Identity), OpenIddict's clients and tokens, and messaging.</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public const string UniqueUserClaimIndex = "ux_user_claims_user_type_value";

    public DbSet<VerifiedMerchant> VerifiedMerchants => Set<VerifiedMerchant>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();
        builder.AddMessagingTables();
        builder.AddIdempotencyTable();
        // The roles of docs/domain.md exist as soon as the migrations are applied, before any sign-up.
        builder.Entity<IdentityRole<Guid>>().HasData(Tokens.RoleSeed.Rows);
        builder.Entity<Account>(account =>
        {
            account.Property(a => a.DisplayName).HasMaxLength(Account.MaxDisplayNameLength);
            account.HasIndex(a => a.PhoneNumber).IsUnique().HasDatabaseName(Account.UniqueMobileIndex);
            account.Ignore(a => a.IsAssisted);
            account.Property(a => a.CommunityId).HasMaxLength(64);
            account.Property(a => a.GridId).HasMaxLength(64);
            account.OwnsOne(a => a.Consent, consent =>
            {
                consent.Property(c => c.GivenBy).HasConversion<string>().HasMaxLength(32);
                consent.Property(c => c.Method).HasConversion<string>().HasMaxLength(32);
                consent.Property(c => c.GiverName).HasMaxLength(Assisted.ConsentRecord.MaxNameLength);
                consent.Property(c => c.Relationship).HasMaxLength(Assisted.ConsentRecord.MaxNameLength);
            });
        });
        // One claim per community, cell or merchant a role is bound to, even when two grants race.
        builder.Entity<IdentityUserClaim<Guid>>()
            .HasIndex(c => new { c.UserId, c.ClaimType, c.ClaimValue }).IsUnique().HasDatabaseName(UniqueUserClaimIndex);
        builder.Entity<VerifiedMerchant>(merchant =>
        {
            merchant.ToTable("verified_merchants");
            merchant.HasKey(m => m.MerchantId);
        });
    }
}
