using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scholar.Domain.Ops;

namespace Scholar.Infrastructure.Persistence.Configurations.Ops;

public sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Action).HasMaxLength(100);
        builder.Property(e => e.Subject).HasMaxLength(200);
        builder.Property(e => e.Details).HasColumnType("jsonb");
        builder.HasIndex(e => e.At);
    }
}

public sealed class ValidationRunConfiguration : IEntityTypeConfiguration<ValidationRun>
{
    public void Configure(EntityTypeBuilder<ValidationRun> builder)
    {
        builder.ToTable("validation_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.StartedBy).HasMaxLength(200);
        builder.Property(r => r.StoppedBy).HasMaxLength(200);
        builder.Ignore(r => r.EffectiveEnd);
        builder.HasIndex(r => r.StartedAt);
    }
}

public sealed class AppInstanceConfiguration : IEntityTypeConfiguration<AppInstance>
{
    public void Configure(EntityTypeBuilder<AppInstance> builder)
    {
        builder.ToTable("app_instances");
        builder.HasKey(i => i.InstanceId);
        builder.Property(i => i.InstanceId).HasMaxLength(100);
        builder.Property(i => i.Version).HasMaxLength(100);
        builder.Property(i => i.NotifySecretFingerprint).HasMaxLength(64);
        builder.Property(i => i.NotifySecretState).HasConversion<string>().HasMaxLength(16);
        builder.Property(i => i.StripeSecretKeyKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(i => i.StripePublicKeyKind).HasConversion<string>().HasMaxLength(24);
        // Names and states only (never values), as one JSON document per instance.
        builder.OwnsMany(i => i.SecretsSnapshot, s =>
        {
            s.ToJson("secrets_snapshot");
            s.Property(x => x.State).HasConversion<string>();
        });
        builder.HasIndex(i => i.LastSeenAt);
    }
}

public sealed class RequestLatencyMinuteConfiguration : IEntityTypeConfiguration<RequestLatencyMinute>
{
    public void Configure(EntityTypeBuilder<RequestLatencyMinute> builder)
    {
        builder.ToTable("request_latency");
        builder.HasKey(r => new { r.Route, r.Minute, r.InstanceId });
        builder.Property(r => r.Route).HasMaxLength(300);
        builder.Property(r => r.InstanceId).HasMaxLength(100);
        builder.HasIndex(r => r.Minute);
    }
}

public sealed class RejectedDeliveryMinuteConfiguration : IEntityTypeConfiguration<RejectedDeliveryMinute>
{
    public void Configure(EntityTypeBuilder<RejectedDeliveryMinute> builder)
    {
        builder.ToTable("rejected_deliveries");
        builder.HasKey(r => new { r.Hop, r.Minute, r.Reason });
        builder.Property(r => r.Hop).HasMaxLength(64);
        builder.Property(r => r.Reason).HasMaxLength(64);
        builder.HasIndex(r => r.Minute);
    }
}

public sealed class ProbeResultConfiguration : IEntityTypeConfiguration<ProbeResult>
{
    public void Configure(EntityTypeBuilder<ProbeResult> builder)
    {
        builder.ToTable("probe_results");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Probe).HasMaxLength(32);
        builder.Property(p => p.Error).HasMaxLength(2000);
        builder.Property(p => p.InstanceId).HasMaxLength(100);
        builder.HasIndex(p => new { p.Probe, p.At });
    }
}

public sealed class FunnelApprovalConfiguration : IEntityTypeConfiguration<FunnelApproval>
{
    public void Configure(EntityTypeBuilder<FunnelApproval> builder)
    {
        builder.ToTable("approvals");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.FromStage).HasMaxLength(16);
        builder.Property(a => a.ToStage).HasMaxLength(16);
        builder.Property(a => a.Reason).HasMaxLength(2000);
        builder.Property(a => a.Verdict).HasMaxLength(8);
        builder.Property(a => a.Evidence).HasColumnType("jsonb");
        builder.Property(a => a.ProviderRegisterReportSha256).HasMaxLength(64);
        builder.Property(a => a.AutoComCenterReportSha256).HasMaxLength(64);
        builder.Property(a => a.EvidenceSha256).HasMaxLength(64);
        builder.HasIndex(a => a.At);
    }
}

public sealed class OpsAlertConfiguration : IEntityTypeConfiguration<OpsAlert>
{
    public void Configure(EntityTypeBuilder<OpsAlert> builder)
    {
        builder.ToTable("ops_alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(64);
        builder.Property(a => a.ConditionKey).HasMaxLength(200);
        builder.Property(a => a.Severity).HasMaxLength(16);
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.Detail).HasMaxLength(2000);
        builder.Ignore(a => a.IsOpen);
        // One open alert per condition, whichever instance evaluates.
        builder.HasIndex(a => a.ConditionKey).IsUnique().HasFilter("resolved_at IS NULL");
        builder.HasIndex(a => a.LastAt);
    }
}
