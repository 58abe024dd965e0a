using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Ops.EmailSending;

/// <summary><c>GET /api/ops/email-sending</c>: whether every instance has stopped sending email, why and since when.</summary>
public sealed record EmailSendingState(bool Halted, string? Reason, DateTimeOffset? Since)
{
    public static EmailSendingState Of(EmailSendingHalt halt) => new(halt.Halted, halt.Halted ? halt.Reason : null, halt.Since);
}

public sealed class GetEmailSendingHandler(IAppDbContext db)
{
    public async Task<EmailSendingState> HandleAsync(CancellationToken ct) =>
        EmailSendingState.Of(await db.EmailSendingHalts.AsNoTracking().SingleAsync(h => h.Id == EmailSendingHalt.SingletonId, ct));
}

public sealed record ResumeEmailSendingCommand(string Actor);

/// <summary>
/// An operator resumes email sending after fixing the provider's credentials: the shared row says
/// running, so every instance's sender picks up the queued mail at its next pass. Audited, whether or
/// not sending was halted (the operator acted either way).
/// </summary>
public sealed class ResumeEmailSendingHandler(IAppDbContext db, IAuditLog audit, TimeProvider clock)
{
    public async Task<EmailSendingState> HandleAsync(ResumeEmailSendingCommand command, CancellationToken ct)
    {
        var halt = await db.EmailSendingHalts.SingleAsync(h => h.Id == EmailSendingHalt.SingletonId, ct);
        var reason = halt.Reason;
        var resumed = halt.Resume(command.Actor, clock.GetUtcNow());
        audit.Record(command.Actor, "email_sending.resumed", "email_sending", new { wasHalted = resumed, haltReason = resumed ? reason : null });
        await db.SaveChangesAsync(ct);
        return EmailSendingState.Of(halt);
    }
}
