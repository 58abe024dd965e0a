using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Ops.StartValidationRun;

namespace Scholar.Application.Ops.ListValidationRuns;

public sealed class ListValidationRunsHandler(IAppDbContext db, TimeProvider clock)
{
    public const int Limit = 50;

    public async Task<IReadOnlyList<ValidationRunResult>> HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var runs = await db.ValidationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Take(Limit).ToListAsync(ct);
        return runs.Select(r => ValidationRunResult.From(r, now)).ToList();
    }
}
