using Alliance.Merchants.Offers;
using Alliance.Merchants.Onboarding;
using Alliance.Merchants.Redemptions;
using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.ServiceDefaults.Security;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Merchants.Data;

internal sealed class MerchantsDbContext(DbContextOptions<MerchantsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Merchant> Merchants => Set<Merchant>();

    public DbSet<MerchantStaffMember> Staff => Set<MerchantStaffMember>();

    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<QuotaUsage> QuotaUsage => Set<QuotaUsage>();

    public DbSet<Booking> Bookings => Set<Booking>();

    public DbSet<Redemption> Redemptions => Set<Redemption>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.AddRevokedClientsTable();
        modelBuilder.Entity<Merchant>(merchant =>
        {
            merchant.HasKey(m => m.Id);
            merchant.Property(m => m.Name).HasMaxLength(Merchant.MaxNameLength);
            merchant.Property(m => m.LicenceNumber).HasMaxLength(18);
            merchant.Property(m => m.CommunityId).HasMaxLength(64);
            merchant.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            merchant.Property(m => m.Address).HasMaxLength(Merchant.MaxAddressLength);
            merchant.Property(m => m.ContactName).HasMaxLength(Merchant.MaxContactNameLength);
            merchant.Property(m => m.ContactMobile).HasMaxLength(11);
            merchant.Property(m => m.RejectionReason).HasMaxLength(Merchant.MaxReasonLength);
            merchant.Property(m => m.SuspensionReason).HasMaxLength(Merchant.MaxReasonLength);
            merchant.HasIndex(m => m.LicenceNumber).IsUnique().HasDatabaseName(Merchant.UniqueLicenceIndex);
            merchant.HasIndex(m => m.RegisteredBy);
            // PostgreSQL's xmin: two admins deciding at once cannot both publish.
            merchant.Property(m => m.Version).IsRowVersion();
        });
        modelBuilder.Entity<MerchantStaffMember>(staff =>
        {
            staff.ToTable("merchant_staff");
            staff.HasKey(s => new { s.MerchantId, s.AccountId }).HasName(MerchantStaffMember.PrimaryKey);
            staff.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId);
            staff.HasIndex(s => s.AccountId);
        });
        modelBuilder.Entity<StaffInvitation>(invitation =>
        {
            invitation.ToTable("staff_invitations");
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            invitation.HasOne<Merchant>().WithMany().HasForeignKey(i => i.MerchantId);
            // One open invitation per person and merchant: inviting twice at once makes one.
            invitation.HasIndex(i => new { i.MerchantId, i.AccountId }).IsUnique()
                .HasFilter("status = 'Pending'").HasDatabaseName(StaffInvitation.UniquePendingIndex);
            invitation.HasIndex(i => i.AccountId);
        });
        modelBuilder.Entity<Offer>(offer =>
        {
            offer.ToTable("offers", t =>
            {
                t.HasCheckConstraint("ck_offers_price", "price_fen IS NULL OR price_fen > 0");
                t.HasCheckConstraint("ck_offers_points", "points_cost IS NULL OR points_cost > 0");
                t.HasCheckConstraint("ck_offers_validity", "valid_until >= valid_from");
                t.HasCheckConstraint("ck_offers_quota", "quota > 0");
            });
            offer.HasKey(o => o.Id);
            offer.Property(o => o.Title).HasMaxLength(Offer.MaxTitleLength);
            offer.Property(o => o.Description).HasMaxLength(Offer.MaxDescriptionLength);
            offer.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
            offer.Property(o => o.QuotaPeriod).HasConversion<string>().HasMaxLength(8);
            offer.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            offer.Property(o => o.EligibleCommunityId).HasMaxLength(64);
            offer.Ignore(o => o.Eligibility);
            offer.HasOne<Merchant>().WithMany().HasForeignKey(o => o.MerchantId);
        });
        modelBuilder.Entity<QuotaUsage>(usage =>
        {
            usage.ToTable("quota_usage", t => t.HasCheckConstraint("ck_quota_usage_used", "used >= 0"));
            usage.HasKey(q => new { q.OfferId, q.PeriodStart });
            usage.HasOne<Offer>().WithMany().HasForeignKey(q => q.OfferId);
        });
        modelBuilder.Entity<Booking>(booking =>
        {
            booking.ToTable("bookings");
            booking.HasKey(b => b.Id);
            booking.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
            booking.Property(b => b.DeclaredCommunityId).HasMaxLength(64);
            booking.HasOne<Offer>().WithMany().HasForeignKey(b => b.OfferId);
            booking.HasIndex(b => new { b.OfferId, b.ResidentId, b.PeriodStart }).IsUnique()
                .HasFilter("status = 'Booked'").HasDatabaseName(Booking.UniqueActiveIndex);
            booking.HasIndex(b => b.ResidentId);
            booking.HasIndex(b => b.MerchantId);
        });
        modelBuilder.Entity<Redemption>(redemption =>
        {
            redemption.ToTable("redemptions", t => t.HasCheckConstraint("ck_redemptions_points", "points > 0"));
            redemption.HasKey(r => r.Id);
            redemption.Property(r => r.Code).HasMaxLength(Redemption.CodeLength);
            redemption.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            redemption.Property(r => r.ConfirmedByClient).HasMaxLength(100);
            redemption.HasOne<Offer>().WithMany().HasForeignKey(r => r.OfferId);
            redemption.HasIndex(r => r.Code).IsUnique().HasDatabaseName(Redemption.UniqueCodeIndex);
            redemption.HasIndex(r => r.MerchantId);
            redemption.HasIndex(r => r.VolunteerId);
            // xmin: a confirmation and the timer, or two confirmations, cannot both close it.
            redemption.Property(r => r.Version).IsRowVersion();
        });
    }
}
