using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.GetNotification;

public sealed record NotificationEventView(string RecordType, string Recipient, string? Detail, DateTimeOffset OccurredAt);

public sealed record NotificationView(
    Guid Id,
    string Template,
    NotificationStatus Status,
    int Attempts,
    string? LastError,
    string? ProviderMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    IReadOnlyList<NotificationEventView> Events);

/// <summary>A notification's delivery state and the provider events about it.</summary>
public sealed class GetNotificationHandler(IAppDbContext db)
{
    public async Task<NotificationView> HandleAsync(Guid id, CancellationToken ct)
    {
        var n = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException($"Notification {id}");
        var events = await db.NotificationEvents.AsNoTracking()
            .Where(e => e.NotificationId == id)
            .OrderBy(e => e.OccurredAt)
            .Select(e => new NotificationEventView(e.RecordType, e.Recipient, e.Detail, e.OccurredAt))
            .ToListAsync(ct);
        return new NotificationView(n.Id, n.Template, n.Status, n.Attempts, n.LastError, n.ProviderMessageId, n.CreatedAt, n.SentAt, events);
    }
}
