using System.Diagnostics;
using System.Text.Json;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Outbox;

/// <summary>Queues <c>POST /api/send</c> requests as outbox rows in the caller's unit of work.</summary>
public sealed class NotificationOutbox(AppDbContext db, TimeProvider clock) : INotificationOutbox
{
    public const string Kind = NotificationRequest.OutboxKind;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Enqueue(NotificationRequest request)
    {
        var now = clock.GetUtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Kind = Kind,
            Payload = JsonSerializer.Serialize(
                new { template = request.Template, to = request.To, channel = "email", data = request.Data, idempotencyKey = request.IdempotencyKey },
                Json),
            IdempotencyKey = NotificationRequest.OutboxKeyOf(request.IdempotencyKey),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
