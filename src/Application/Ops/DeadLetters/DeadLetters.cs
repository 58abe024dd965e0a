using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Ops.DeadLetters;

/// <summary>
/// One message that gave up: an outbox row (<c>source = "outbox"</c>, e.g. a receipt auto_com_center
/// refused) or a notification the provider never took (<c>source = "notification"</c>).
/// </summary>
public sealed record DeadLetterView(Guid Id, string Source, string Kind, string? Channel, int Attempts, string? LastError, DateTimeOffset CreatedAt);

/// <summary><c>GET /api/ops/dead-letters</c>: the dead-lettered outbox messages and failed notifications, newest first.</summary>
public sealed class ListDeadLettersHandler(IAppDbContext db)
{
    public const int MaxShown = 200;

    public const string OutboxSource = "outbox";
    public const string NotificationSource = "notification";

    public async Task<IReadOnlyList<DeadLetterView>> HandleAsync(CancellationToken ct)
    {
        var outbox = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Dead)
            .OrderByDescending(m => m.CreatedAt).Take(MaxShown)
            .Select(m => new DeadLetterView(m.Id, OutboxSource, m.Kind, null, m.Attempts, m.LastError, m.CreatedAt))
            .ToListAsync(ct);
        var notifications = await db.Notifications.AsNoTracking()
            .Where(n => n.Status == NotificationStatus.Failed)
            .OrderByDescending(n => n.CreatedAt).Take(MaxShown)
            .Select(n => new DeadLetterView(n.Id, NotificationSource, n.Template, n.Channel, n.Attempts, n.LastError, n.CreatedAt))
            .ToListAsync(ct);
        return [.. outbox.Concat(notifications).OrderByDescending(d => d.CreatedAt).Take(MaxShown)];
    }
}

/// <summary>Retry these dead letters (null: every one); the operator is recorded in the audit log.</summary>
public sealed record RetryDeadLettersCommand(IReadOnlyList<Guid>? Ids, string Actor);

public sealed record RetryDeadLettersResult(int Requeued, IReadOnlyList<Guid> Ids);

/// <summary>
/// <c>POST /api/ops/dead-letters/retry</c>: queues dead letters again with a fresh attempt count. Only
/// dead letters: an id that names anything else (a sent message, an unknown id) refuses the whole
/// request with 409 and changes nothing.
/// </summary>
public sealed class RetryDeadLettersHandler(IAppDbContext db, IAuditLog audit, TimeProvider clock)
{
    public async Task<RetryDeadLettersResult> HandleAsync(RetryDeadLettersCommand command, CancellationToken ct)
    {
        var ids = command.Ids?.Distinct().ToList();
        var outbox = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Dead && (ids == null || ids.Contains(m.Id)))
            .ToListAsync(ct);
        var notifications = await db.Notifications
            .Where(n => n.Status == NotificationStatus.Failed && (ids == null || ids.Contains(n.Id)))
            .ToListAsync(ct);

        var found = outbox.Select(m => m.Id).Concat(notifications.Select(n => n.Id)).ToList();
        if (ids is not null && ids.Except(found).ToList() is { Count: > 0 } other)
        {
            throw new ConflictException("not-a-dead-letter",
                $"Only dead letters can be retried; these are not (sent, still pending or unknown): {string.Join(", ", other)}.");
        }

        var now = clock.GetUtcNow();
        outbox.ForEach(m => m.Requeue(now));
        notifications.ForEach(n => n.Requeue(now));
        audit.Record(command.Actor, "dead_letters.retried", "dead_letters", new { ids = found });
        await db.SaveChangesAsync(ct);
        return new RetryDeadLettersResult(found.Count, found);
    }
}
