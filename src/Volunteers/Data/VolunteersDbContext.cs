using Alliance.Messaging;
using Alliance.ServiceDefaults.Idempotency;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Data;

internal sealed class VolunteersDbContext(DbContextOptions<VolunteersDbContext> options) : DbContext(options)
{
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Volunteer>(volunteer =>
        {
            volunteer.HasKey(v => v.Id);
            volunteer.Property(v => v.Name).HasMaxLength(Volunteer.MaxNameLength);
            volunteer.Property(v => v.CommunityId).HasMaxLength(64);
            volunteer.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            // PostgreSQL's xmin: two admins verifying at once cannot both publish VolunteerVerified.
            volunteer.Property(v => v.Version).IsRowVersion();
        });
    }
}
