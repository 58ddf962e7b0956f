using Alliance.Messaging;
using Alliance.Notifications.Channels;
using Alliance.Notifications.Notices;
using Alliance.Notifications.Preferences;
using Alliance.Notifications.Webhooks;
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

    public DbSet<Preference> Preferences => Set<Preference>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<DevSent> DevSent => Set<DevSent>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

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
        modelBuilder.Entity<Preference>(preference =>
        {
            preference.ToTable("preferences");
            preference.HasKey(p => p.PersonId);
            preference.Property(p => p.WeChat).HasColumnName("wechat");
        });
        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => new { d.NotificationId, d.Channel });
            delivery.Property(d => d.Channel).HasMaxLength(20);
            // Gone with its notification (an erasure deletes those).
            delivery.HasOne<Notification>().WithMany().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DevSent>(sent =>
        {
            sent.ToTable("dev_sent");
            sent.HasKey(s => s.Id);
            sent.Property(s => s.To).HasMaxLength(100);
            sent.Property(s => s.Channel).HasMaxLength(20);
            sent.HasIndex(s => new { s.To, s.Id });
            sent.HasIndex(s => s.RecipientId);
        });
        modelBuilder.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.Property(s => s.Url).HasMaxLength(WebhookSubscription.MaxUrlLength);
            subscription.HasIndex(s => s.MerchantId);
        });
        modelBuilder.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.EventType).HasMaxLength(40);
            delivery.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
            // A subscription's log reads newest first; one event is delivered once to each subscription.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.HasIndex(d => new { d.SubscriptionId, d.Id });
            delivery.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
