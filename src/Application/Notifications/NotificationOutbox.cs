using System.Diagnostics;
using System.Text.Json;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications;

/// <summary>Queues <c>POST /api/send</c> requests as outbox rows in the caller's unit of work.</summary>
public sealed class NotificationOutbox(IAppDbContext db, TimeProvider clock) : INotificationOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue(NotificationRequest request) =>
        db.OutboxMessages.Add(OutboxMessage.Queue(
            NotificationRequest.OutboxKind,
            JsonSerializer.Serialize(
                new { template = request.Template, to = request.To, channel = request.Channel, data = request.Data, idempotencyKey = request.IdempotencyKey },
                Json),
            NotificationRequest.OutboxKeyOf(request.IdempotencyKey),
            clock.GetUtcNow(),
            Activity.Current?.Id));
}
