using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Mailbox;

namespace Scholar.Infrastructure.Persistence.Configurations.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Template).HasMaxLength(64);
        builder.Property(n => n.Channel).HasMaxLength(16);
        builder.Property(n => n.To).HasColumnName("to_address").HasMaxLength(320);
        builder.Property(n => n.IdempotencyKey).HasMaxLength(300);
        builder.HasIndex(n => n.IdempotencyKey).IsUnique();
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.ProviderMessageId).HasMaxLength(100);
        builder.HasIndex(n => n.ProviderMessageId);
        builder.Property(n => n.TraceParent).HasMaxLength(128);
        builder.Property(n => n.Data)
            .HasColumnType("jsonb")
            .HasConversion(
                d => JsonSerializer.Serialize(d, Json),
                s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, Json) ?? new Dictionary<string, string>(),
                new ValueComparer<IReadOnlyDictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    d => d.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                    d => d.ToDictionary(kv => kv.Key, kv => kv.Value)));
        // The sender claims due rows: queued, ordered by next attempt.
        builder.HasIndex(n => n.NextAttemptAt).HasFilter("status IN ('Queued', 'Sending')");
    }
}

public sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> builder)
    {
        builder.ToTable("notification_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ProviderMessageId).HasMaxLength(100);
        builder.Property(e => e.RecordType).HasMaxLength(32);
        builder.Property(e => e.Recipient).HasMaxLength(320);
        builder.Property(e => e.Detail).HasMaxLength(1000);
        // Postmark may deliver a webhook more than once: one row per (message, record type).
        builder.HasIndex(e => new { e.ProviderMessageId, e.RecordType }).IsUnique();
        builder.HasIndex(e => e.NotificationId);
        builder.HasOne<Notification>().WithMany().HasForeignKey(e => e.NotificationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SuppressedRecipientConfiguration : IEntityTypeConfiguration<SuppressedRecipient>
{
    public void Configure(EntityTypeBuilder<SuppressedRecipient> builder)
    {
        builder.ToTable("suppressed_recipients");
        builder.HasKey(s => s.Address);
        builder.Property(s => s.Address).HasMaxLength(320);
        builder.Property(s => s.Reason).HasMaxLength(1000);
    }
}

public sealed class InboxTestMessageConfiguration : IEntityTypeConfiguration<InboxTestMessage>
{
    public void Configure(EntityTypeBuilder<InboxTestMessage> builder)
    {
        builder.ToTable("deliverability_inbox_tests");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.RunId).HasMaxLength(64);
        builder.Property(t => t.Inbox).HasMaxLength(320);
        builder.HasIndex(t => t.StartedAt);
        builder.HasOne<Notification>().WithMany().HasForeignKey(t => t.NotificationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        builder.ToTable("webhook_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Hop).HasMaxLength(64);
        builder.Property(a => a.Direction).HasMaxLength(16);
        builder.Property(a => a.Key).HasMaxLength(300);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.Error).HasMaxLength(2000);
        // KPIs read per hop over a time window.
        builder.HasIndex(a => new { a.Hop, a.At });
    }
}

public sealed class MailboxMessageConfiguration : IEntityTypeConfiguration<MailboxMessage>
{
    public void Configure(EntityTypeBuilder<MailboxMessage> builder)
    {
        builder.ToTable("mailbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.From).HasMaxLength(320);
        builder.Property(m => m.To).HasColumnName("to_address").HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(1000);
        builder.Property(m => m.Tag).HasMaxLength(64);
        builder.HasIndex(m => m.CreatedAt);
        builder.HasIndex(m => m.NotificationId);
    }
}

public sealed class EmailSendingHaltConfiguration : IEntityTypeConfiguration<EmailSendingHalt>
{
    public void Configure(EntityTypeBuilder<EmailSendingHalt> builder)
    {
        builder.ToTable("email_sending_halt", t => t.HasCheckConstraint("ck_email_sending_halt_single_row", "id = 1"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Reason).HasMaxLength(2000);
        builder.Property(h => h.ResumedBy).HasMaxLength(200);
        // The row always exists (running), so halting and resuming are plain updates under a row lock.
        builder.HasData(new EmailSendingHalt());
    }
}
