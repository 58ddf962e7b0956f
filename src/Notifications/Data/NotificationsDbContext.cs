using Alliance.Messaging;
using Alliance.Notifications.Notices;
using Alliance.ServiceDefaults.Idempotency;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Notifications.Data;

internal sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core's data-protection key ring, shared by the service's replicas (table <c>data_protection_keys</c>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ErasedPerson> ErasedPeople => Set<ErasedPerson>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddMessagingTables();
        modelBuilder.AddIdempotencyTable();
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Kind).HasMaxLength(40);
            notification.Property(n => n.SubjectType).HasMaxLength(20);
            notification.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength);
            // The inbox's pages read one person's rows newest first; the unread count reads their unread ones.
            notification.HasIndex(n => new { n.RecipientId, n.Id });
            notification.HasIndex(n => new { n.RecipientId, n.Id }, "unread").HasDatabaseName("ix_notifications_unread").HasFilter("read_at IS NULL");
        });
        modelBuilder.Entity<ErasedPerson>(erased =>
        {
            erased.ToTable("erased_people");
            erased.HasKey(e => e.PersonId);
        });
    }
}
