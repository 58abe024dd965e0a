using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.Alerts;

/// <summary>An alert as <c>GET /api/ops/alerts</c> shows it.</summary>
public sealed record AlertView(Guid Id, string Kind, string Severity, string Title, string Detail, DateTimeOffset FirstAt, DateTimeOffset LastAt, int Count, DateTimeOffset? ResolvedAt);

/// <summary>The latest alerts, open and resolved, newest first; <see cref="OpenAsync"/> for the console's banner.</summary>
public sealed class ListAlertsHandler(IAppDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    private static readonly Expression<Func<OpsAlert, AlertView>> View =
        a => new AlertView(a.Id, a.Kind, a.Severity, a.Title, a.Detail, a.FirstAt, a.LastAt, a.Count, a.ResolvedAt);

    public async Task<IReadOnlyList<AlertView>> HandleAsync(int limit, CancellationToken ct) =>
        await db.OpsAlerts.AsNoTracking()
            .OrderByDescending(a => a.LastAt)
            .Take(limit)
            .Select(View)
            .ToListAsync(ct);

    /// <summary>Every open alert, most severe first.</summary>
    public async Task<IReadOnlyList<AlertView>> OpenAsync(CancellationToken ct) =>
        await db.OpsAlerts.AsNoTracking()
            .Where(a => a.ResolvedAt == null)
            .OrderBy(a => a.Severity == AlertCondition.Critical ? 0 : 1).ThenByDescending(a => a.LastAt)
            .Select(View)
            .ToListAsync(ct);
}
