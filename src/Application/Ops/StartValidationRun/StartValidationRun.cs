using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.StartValidationRun;

public sealed record StartValidationRunCommand(string Actor, bool Sandbox);

public sealed record ValidationRunResult(Guid Id, DateTimeOffset StartedAt, DateTimeOffset EndsAt, string StartedBy, bool Sandbox,
    DateTimeOffset? StoppedAt, string? StoppedBy, bool Active)
{
    public static ValidationRunResult From(ValidationRun run, DateTimeOffset now) =>
        new(run.Id, run.StartedAt, run.EndsAt, run.StartedBy, run.Sandbox, run.StoppedAt, run.StoppedBy, run.IsActive(now));
}

/// <summary>Starts a 60-minute validation run; one at a time, so TFF$ has one starting point.</summary>
public sealed class StartValidationRunHandler(IAppDbContext db, IAuditLog audit, TimeProvider clock)
{
    public async Task<ValidationRunResult> HandleAsync(StartValidationRunCommand command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var active = await db.ValidationRuns.AnyAsync(r => r.StoppedAt == null && r.EndsAt > now, ct);
        if (active)
        {
            throw new ConflictException("validation-run-active", "A validation run is already active; stop it before starting another.");
        }

        var run = ValidationRun.Start(command.Actor, command.Sandbox, now);
        db.ValidationRuns.Add(run);
        audit.Record(command.Actor, "validation_run.started", $"validation_run:{run.Id}", new { run.Sandbox, run.EndsAt });
        await db.SaveChangesAsync(ct);
        return ValidationRunResult.From(run, now);
    }
}
