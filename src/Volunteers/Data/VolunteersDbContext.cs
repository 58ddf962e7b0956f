using Alliance.Messaging;
using Alliance.Volunteers.Registration;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Volunteers.Data;

internal sealed class VolunteersDbContext(DbContextOptions<VolunteersDbContext> options) : DbContext(options)
{
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.Entity<Volunteer>(volunteer =>
        {
            volunteer.HasKey(v => v.Id);
            volunteer.Property(v => v.Name).HasMaxLength(Volunteer.MaxNameLength);
            volunteer.Property(v => v.Mobile).HasMaxLength(11);
            volunteer.Property(v => v.CommunityId).HasMaxLength(64);
            volunteer.Property(v => v.Status).HasConversion<string>().HasMaxLength(16);
            volunteer.HasIndex(v => v.Mobile).IsUnique().HasDatabaseName(Volunteer.UniqueMobileIndex);
        });
    }
}
