using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Payments.Sandbox;

namespace Scholar.Infrastructure.Persistence.Configurations.Payments;

public sealed class CreditPackageConfiguration : IEntityTypeConfiguration<CreditPackage>
{
    public void Configure(EntityTypeBuilder<CreditPackage> builder)
    {
        builder.ToTable("credit_packages", t =>
        {
            t.HasCheckConstraint("ck_credit_packages_credits_positive", "credits > 0");
            t.HasCheckConstraint("ck_credit_packages_price_positive", "price_cents > 0");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(120);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.HasData(
            new CreditPackage { Id = "starter-50", Name = "Starter — 50 credits", Credits = 50, PriceCents = 500, Currency = "usd", SortOrder = 1 },
            new CreditPackage { Id = "standard-120", Name = "Standard — 120 credits", Credits = 120, PriceCents = 1000, Currency = "usd", SortOrder = 2 },
            new CreditPackage { Id = "scholar-300", Name = "Scholar — 300 credits", Credits = 300, PriceCents = 2000, Currency = "usd", SortOrder = 3 });
    }
}

public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.ToTable("payments", t =>
        {
            t.HasCheckConstraint("ck_payments_amount_positive", "amount_cents > 0");
            t.HasCheckConstraint("ck_payments_refunded_range", "refunded_cents >= 0 AND refunded_cents <= amount_cents");
            t.HasCheckConstraint("ck_payments_credits_reversed_range", "credits_reversed >= 0 AND credits_reversed <= credits");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.PackageId).HasMaxLength(64);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.CustomerEmail).HasMaxLength(320);
        builder.Property(p => p.Status).HasConversion(s => s.ToContract(), s => ParseStatus(s)).HasMaxLength(24);
        builder.Property(p => p.CheckoutSessionId).HasMaxLength(255);
        builder.Property(p => p.CheckoutUrl).HasMaxLength(2048);
        builder.Property(p => p.PaymentIntentId).HasMaxLength(255);
        builder.Property(p => p.ChargeId).HasMaxLength(255);
        builder.Property(p => p.DisputeId).HasMaxLength(255);
        builder.Property(p => p.DisputeState).HasConversion(s => s == null ? null : s.ToString()!.ToLowerInvariant(),
            s => s == null ? null : Enum.Parse<DisputeState>(s, true)).HasMaxLength(8);
        builder.Property(p => p.ReviewReason).HasMaxLength(500);
        builder.HasIndex(p => p.CheckoutSessionId).IsUnique();
        builder.HasIndex(p => p.PaymentIntentId);
        builder.HasIndex(p => new { p.UserId, p.CreatedAt });
        builder.HasIndex(p => p.Status);
        builder.HasIndex(p => p.PaidAt).HasFilter("livemode");
        builder.HasOne<CreditPackage>().WithMany().HasForeignKey(p => p.PackageId).OnDelete(DeleteBehavior.Restrict);
    }

    private static PaymentStatus ParseStatus(string value) =>
        Enum.GetValues<PaymentStatus>().Single(s => s.ToContract() == value);
}

public sealed class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> builder)
    {
        builder.ToTable("stripe_events");
        builder.HasKey(e => e.EventId);
        builder.Property(e => e.EventId).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.Outcome).HasMaxLength(64);
        builder.Property(e => e.ApiVersion).HasMaxLength(64);
        builder.Property(e => e.PaymentIntentId).HasMaxLength(255);
        builder.Property(e => e.ParkedFact).HasColumnType("jsonb");
        builder.HasIndex(e => e.PaymentIntentId).HasFilter($"outcome = '{ProcessedStripeEvent.Parked}'");
        builder.HasIndex(e => e.ReceivedAt);
        builder.HasIndex(e => e.PaymentId);
    }
}

public sealed class StripeKeyCheckConfiguration : IEntityTypeConfiguration<StripeKeyCheck>
{
    public void Configure(EntityTypeBuilder<StripeKeyCheck> builder)
    {
        builder.ToTable("stripe_key_checks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.KeyKind).HasMaxLength(16);
        builder.Property(c => c.Error).HasMaxLength(500);
        builder.HasIndex(c => c.CheckedAt);
    }
}

public sealed class FunnelPolicyConfiguration : IEntityTypeConfiguration<FunnelPolicy>
{
    public void Configure(EntityTypeBuilder<FunnelPolicy> builder)
    {
        builder.ToTable("funnel_policy", t => t.HasCheckConstraint("ck_funnel_policy_singleton", "id = 1"));
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Stage).HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<FunnelStage>(s, true)).HasMaxLength(16);
        builder.Property(p => p.UpdatedBy).HasMaxLength(320);
    }
}

public sealed class SandboxSessionConfiguration : IEntityTypeConfiguration<SandboxSession>
{
    public void Configure(EntityTypeBuilder<SandboxSession> builder)
    {
        builder.ToTable("sandbox_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(255);
        builder.Property(s => s.Currency).HasMaxLength(3);
        builder.Property(s => s.CustomerEmail).HasMaxLength(320);
        builder.Property(s => s.PackageName).HasMaxLength(120);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.PaymentStatus).HasMaxLength(16);
        builder.Property(s => s.PaymentIntentId).HasMaxLength(255);
        builder.Property(s => s.ChargeId).HasMaxLength(255);
        builder.HasIndex(s => s.PaymentId).IsUnique();
    }
}

public sealed class SandboxRefundConfiguration : IEntityTypeConfiguration<SandboxRefund>
{
    public void Configure(EntityTypeBuilder<SandboxRefund> builder)
    {
        builder.ToTable("sandbox_refunds");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(255);
        builder.Property(r => r.SessionId).HasMaxLength(255);
        builder.Property(r => r.IdempotencyKey).HasMaxLength(300);
        builder.HasIndex(r => r.IdempotencyKey).IsUnique();
        builder.HasIndex(r => r.SessionId);
    }
}
