using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.ListAuditLog;

public sealed record AuditLogView(DateTimeOffset At, string Actor, string Action, string Subject, string? Details);

/// <summary>A funnel change; a widening names the SHA-256 of the reports and evidence bundle reviewed for it.</summary>
public sealed record FunnelApprovalView(DateTimeOffset At, string Actor, string FromStage, string ToStage, string Reason, string Verdict,
    string? ProviderRegisterReportSha256, string? AutoComCenterReportSha256, Guid? EvidencePaymentId, string? EvidenceSha256);

/// <summary>The newest audit entries (optionally of one action), and the funnel's approval history.</summary>
public sealed class ListAuditLogHandler(IAppDbContext db)
{
    public const int Limit = 200;

    public async Task<IReadOnlyList<AuditLogView>> HandleAsync(string? action, CancellationToken ct) =>
        await HandleAsync(action, Limit, ct);

    public async Task<IReadOnlyList<AuditLogView>> HandleAsync(string? action, int limit, CancellationToken ct)
    {
        IQueryable<AuditLogEntry> entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            entries = entries.Where(e => e.Action == action);
        }

        return await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(Math.Clamp(limit, 1, Limit))
            .Select(e => new AuditLogView(e.At, e.Actor, e.Action, e.Subject, e.Details))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<FunnelApprovalView>> FunnelHistoryAsync(CancellationToken ct) =>
        await db.FunnelApprovals.AsNoTracking().OrderByDescending(a => a.At).Take(Limit)
            .Select(a => new FunnelApprovalView(a.At, a.Actor, a.FromStage, a.ToStage, a.Reason, a.Verdict,
                a.ProviderRegisterReportSha256, a.AutoComCenterReportSha256, a.EvidencePaymentId, a.EvidenceSha256))
            .ToListAsync(ct);
}
