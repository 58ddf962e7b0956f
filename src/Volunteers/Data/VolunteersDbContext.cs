using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.Volunteers.Hours;
using Alliance.Volunteers.Pairings;
using Alliance.Volunteers.Privacy;
using Alliance.Volunteers.Registration;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Data;

internal sealed class VolunteersDbContext(DbContextOptions<VolunteersDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Volunteer> Volunteers => Set<Volunteer>();

    public DbSet<HoursEntry> HoursEntries => Set<HoursEntry>();

    public DbSet<Pairing> Pairings => Set<Pairing>();

    public DbSet<PairingVisit> PairingVisits => Set<PairingVisit>();

    public DbSet<PendingAdjustment> PendingAdjustments => Set<PendingAdjustment>();

    public DbSet<ErasedVolunteer> ErasedVolunteers => Set<ErasedVolunteer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Volunteer>(volunteer =>
        {
            volunteer.HasKey(v => v.Id);
            volunteer.Property(v => v.Name).HasMaxLength(RegistrationForm.MaxNameLength);
            volunteer.Property(v => v.CommunityId).HasMaxLength(64);
            volunteer.Property(v => v.GridId).HasMaxLength(64);
            volunteer.Property(v => v.Building).HasMaxLength(100);
            // Volunteers registered before skills existed have none.
            volunteer.Property(v => v.Skills).HasDefaultValueSql("'{}'");
            // A keyed hash, so the index finds a duplicate ID card without the number being readable.
            volunteer.HasIndex(v => v.IdCardHash).IsUnique().HasDatabaseName(Volunteer.IdCardHashIndex);
            volunteer.OwnsMany(v => v.Availability, slots => slots.ToJson());
            volunteer.OwnsOne(v => v.EmergencyContact, contact => contact.ToJson());
            volunteer.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            volunteer.OwnsMany(v => v.History, change =>
            {
                change.ToTable("volunteer_status_changes");
                change.WithOwner().HasForeignKey("VolunteerId");
                change.HasKey(c => c.Id);
                change.Property(c => c.Id).ValueGeneratedNever();
                change.Property(c => c.From).HasConversion<string>().HasMaxLength(16);
                change.Property(c => c.To).HasConversion<string>().HasMaxLength(16);
                change.Property(c => c.Reason).HasMaxLength(StatusChangeRequest.MaxReasonLength);
            });
            // PostgreSQL's xmin: two admins changing one volunteer at once cannot both publish.
            volunteer.Property(v => v.Version).IsRowVersion();
        });

        modelBuilder.Entity<HoursEntry>(entry =>
        {
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => new { e.SourceId, e.VolunteerId, e.Kind }).IsUnique().HasDatabaseName(HoursEntry.SourceIndex);
            entry.HasIndex(e => new { e.VolunteerId, e.Id });
            entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.Hours).HasPrecision(7, 1);
            entry.Property(e => e.NightHours).HasPrecision(7, 1);
            entry.Property(e => e.CommunityId).HasMaxLength(64);
            entry.Property(e => e.Reason).HasMaxLength(HoursEntry.MaxReasonLength);
        });

        modelBuilder.Entity<PendingAdjustment>(pending =>
        {
            pending.HasKey(p => p.AdjustmentId);
            pending.Property(p => p.Hours).HasPrecision(7, 1);
            pending.Property(p => p.Reason).HasMaxLength(HoursEntry.MaxReasonLength);
            // A credit looks for what waits for it; an erasure for what waits for the person.
            pending.HasIndex(p => new { p.SourceId, p.VolunteerId });
            pending.HasIndex(p => p.VolunteerId);
        });

        modelBuilder.Entity<ErasedVolunteer>(erased => erased.HasKey(e => e.IdHash));

        modelBuilder.Entity<Pairing>(pairing =>
        {
            pairing.HasKey(p => p.Id);
            pairing.Property(p => p.Category).HasConversion<string>().HasMaxLength(24);
            pairing.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
            pairing.Property(p => p.CommunityId).HasMaxLength(64);
            pairing.Property(p => p.GridId).HasMaxLength(64);
            pairing.Property(p => p.Building).HasMaxLength(100);
            pairing.Property(p => p.Address).HasMaxLength(PairingForms.MaxAddressLength);
            pairing.Property(p => p.OtherServices).HasMaxLength(PairingAgreement.MaxOtherServicesLength);
            pairing.Property(p => p.EndReason).HasMaxLength(EndPairingRequest.MaxReasonLength);
            pairing.OwnsOne(p => p.Consent, consent => consent.ToJson());
            // One-to-one: a recipient has at most one active pairing; a race for the second loses on this index.
            pairing.HasIndex(p => p.RecipientId).IsUnique().HasFilter("status = 'Active'").HasDatabaseName(Pairing.ActiveRecipientIndex);
            pairing.HasIndex(p => new { p.CommunityId, p.Id });
            pairing.HasIndex(p => p.VolunteerId);
            pairing.Property(p => p.Version).IsRowVersion();
        });

        modelBuilder.Entity<PairingVisit>(visit =>
        {
            visit.HasKey(v => v.Id);
            visit.HasIndex(v => new { v.PairingId, v.Id });
            visit.HasIndex(v => v.VolunteerId);
            visit.Property(v => v.Note).HasMaxLength(PairingVisit.MaxNoteLength);
            visit.HasOne<Pairing>().WithMany().HasForeignKey(v => v.PairingId);
        });
    }
}
