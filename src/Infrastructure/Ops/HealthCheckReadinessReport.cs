using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scholar.Application.Ops;

namespace Scholar.Infrastructure.Ops;

public sealed class HealthCheckReadinessReport(HealthCheckService health) : IReadinessReport
{
    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(DependencyInjection.ReadyTag), ct);
        return report.Entries.Select(e => new ReadinessCheck(e.Key, e.Value.Status.ToString())).ToList();
    }
}
