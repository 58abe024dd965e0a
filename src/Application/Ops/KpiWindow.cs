using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>A KPI window (DESIGN.md 8.1): the last 15 min, 1 h or 24 h, or the latest validation run.</summary>
public sealed record KpiWindow(string Name, DateTimeOffset Since, DateTimeOffset Until, ValidationRun? Run)
{
    public static IReadOnlyList<string> Names { get; } = ["15m", "1h", "24h", "run"];

    public string Label => Run is null ? $"the last {Name}" : $"validation run {Run.Id}{(Run.Sandbox ? " (sandbox)" : "")}";

    public static async Task<KpiWindow> ResolveAsync(string? name, IAppDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        switch (name ?? "1h")
        {
            case "15m":
                return new KpiWindow("15m", now.AddMinutes(-15), now, null);
            case "1h":
                return new KpiWindow("1h", now.AddHours(-1), now, null);
            case "24h":
                return new KpiWindow("24h", now.AddHours(-24), now, null);
            case "run":
                var run = await db.ValidationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct)
                    ?? throw new NotFoundException("A validation run");
                return new KpiWindow("run", run.StartedAt, run.IsActive(now) ? now : run.EffectiveEnd, run);
            default:
                throw new InputException("unknown-window", $"Unknown window '{name}'.",
                    new Dictionary<string, string[]> { ["window"] = [$"Must be one of {string.Join(", ", Names)}."] });
        }
    }
}
