using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Application.Common.Idempotency;
using Scholar.Infrastructure.Idempotency;

namespace Scholar.Infrastructure.Persistence.Configurations.Idempotency;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_keys", t => t.HasCheckConstraint(
            "ck_idempotency_keys_state",
            $"state IN ('{IdempotencyRecord.InFlight}', '{IdempotencyRecord.Completed}')"));
        builder.HasKey(r => new { r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(300);
        builder.Property(r => r.Key).HasMaxLength(IdempotencyOptions.MaxKeyLength);
        builder.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
        // A completion updates the row only while its own claim holds it (see PostgresIdempotencyStore.CompleteAsync).
        builder.Property(r => r.State).HasMaxLength(16).IsConcurrencyToken();
        builder.Property(r => r.OwnerToken).IsConcurrencyToken();
        builder.Property(r => r.ResponseContentType).HasMaxLength(100);
        // The purge deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
