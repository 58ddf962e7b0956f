using Alliance.Messaging.DueWork;
using Alliance.Messaging.Inbox;
using Alliance.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Alliance.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the <c>outbox</c>, <c>inbox</c> and <c>due_work</c> tables to a service's model.</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.MessageType).HasMaxLength(256);
            outbox.Property(m => m.Body).HasColumnType("jsonb");
            outbox.Property(m => m.TraceParent).HasMaxLength(128);
            outbox.HasIndex(m => m.NextAttemptAt)
                .HasFilter("sent_at IS NULL AND parked_at IS NULL")
                .HasDatabaseName("ix_outbox_pending");
            outbox.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_outbox_sent");
        });
        model.Entity<InboxEntry>(inbox =>
        {
            inbox.ToTable("inbox");
            inbox.HasKey(e => new { e.MessageId, e.Consumer });
            inbox.Property(e => e.Consumer).HasMaxLength(200);
            inbox.HasIndex(e => e.HandledAt);
        });
        model.Entity<DueWorkItem>(due =>
        {
            due.ToTable("due_work");
            due.HasKey(d => d.Id);
            due.Property(d => d.Kind).HasMaxLength(100);
            due.Property(d => d.Key).HasMaxLength(200);
            due.Property(d => d.Payload).HasColumnType("jsonb");
            due.HasIndex(d => new { d.Kind, d.Key }).IsUnique();
            due.HasIndex(d => d.DueAt);
        });
        return model;
    }
}
