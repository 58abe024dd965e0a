using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Ops;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<ValidationRun> ValidationRuns => Set<ValidationRun>();

    public DbSet<AppInstance> AppInstances => Set<AppInstance>();

    public DbSet<RequestLatencyMinute> RequestLatency => Set<RequestLatencyMinute>();

    public DbSet<ProbeResult> ProbeResults => Set<ProbeResult>();

    public DbSet<FunnelApproval> FunnelApprovals => Set<FunnelApproval>();

    public DbSet<RejectedDeliveryMinute> RejectedDeliveries => Set<RejectedDeliveryMinute>();

    public DbSet<OpsAlert> OpsAlerts => Set<OpsAlert>();
}
