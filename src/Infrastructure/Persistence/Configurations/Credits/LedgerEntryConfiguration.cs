using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Credits;

namespace Scholar.Infrastructure.Persistence.Configurations.Credits;

public sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    /// <summary>Kinds that may take a balance below zero, as SQL; keep in step with <see cref="LedgerEntryKinds.MayOverdraw"/>.</summary>
    private const string OverdrawingKinds = "'refund', 'dispute', 'reversal'";

    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.ToTable("ledger_entries", t =>
        {
            t.HasCheckConstraint("ck_ledger_entries_delta_nonzero", "delta <> 0");
            t.HasCheckConstraint("ck_ledger_entries_kind",
                "kind IN ('purchase', 'consumption', 'refund', 'dispute', 'adjustment', 'grant', 'reversal')");
            t.HasCheckConstraint("ck_ledger_entries_no_overdraw", $"balance_after >= 0 OR delta > 0 OR kind IN ({OverdrawingKinds})");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Sequence).UseIdentityAlwaysColumn();
        builder.Property(e => e.Kind)
            .HasConversion(k => k.ToString().ToLowerInvariant(), s => Enum.Parse<LedgerEntryKind>(s, true))
            .HasMaxLength(16);
        builder.Property(e => e.Reason).HasMaxLength(LedgerEntry.MaxReasonLength);
        builder.Property(e => e.Source).HasMaxLength(LedgerEntry.MaxSourceLength);
        builder.Property(e => e.SourceId).HasMaxLength(LedgerEntry.MaxSourceIdLength);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(LedgerEntry.MaxIdempotencyKeyLength);
        builder.Property(e => e.RequestHash).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.CreatedBy).HasMaxLength(LedgerEntry.MaxCreatedByLength);

        builder.HasOne<CreditAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.AccountId, e.IdempotencyKey }).IsUnique();
        // A payment's purchase, a refund's reversal …: one entry per business fact.
        builder.HasIndex(e => new { e.Source, e.SourceId, e.Kind }).IsUnique().HasFilter("source_id IS NOT NULL");
        // Keyset pagination, newest first.
        builder.HasIndex(e => new { e.AccountId, e.Sequence }).IsDescending(false, true);
    }
}
