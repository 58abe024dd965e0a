using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Ops;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<AuditLogEntry> AuditLog { get; }

    DbSet<ValidationRun> ValidationRuns { get; }

    DbSet<AppInstance> AppInstances { get; }

    DbSet<RequestLatencyMinute> RequestLatency { get; }

    DbSet<ProbeResult> ProbeResults { get; }

    DbSet<FunnelApproval> FunnelApprovals { get; }

    DbSet<RejectedDeliveryMinute> RejectedDeliveries { get; }

    DbSet<OpsAlert> OpsAlerts { get; }
}
