using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops.StartValidationRun;

namespace Scholar.Application.Ops.StopValidationRun;

public sealed record StopValidationRunCommand(Guid RunId, string Actor);

public sealed class StopValidationRunHandler(IAppDbContext db, IAuditLog audit, TimeProvider clock)
{
    public async Task<ValidationRunResult> HandleAsync(StopValidationRunCommand command, CancellationToken ct)
    {
        var run = await db.ValidationRuns.FindAsync([command.RunId], ct) ?? throw new NotFoundException("The validation run");
        var now = clock.GetUtcNow();
        run.Stop(command.Actor, now);
        audit.Record(command.Actor, "validation_run.stopped", $"validation_run:{run.Id}");
        await db.SaveChangesAsync(ct);
        return ValidationRunResult.From(run, now);
    }
}
