using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.Volunteers.Hours;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Data;

internal sealed class VolunteersDbContext(DbContextOptions<VolunteersDbContext> options) : DbContext(options)
{
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();

    public DbSet<HoursEntry> HoursEntries => Set<HoursEntry>();

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
    }
}
