using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications;

/// <summary>
/// Queues <c>POST /api/send</c> requests as outbox rows in the caller's unit of work, and completes
/// them at delivery time with what the business transaction left to then (<see cref="NotificationRequest.NameOf"/>).
/// </summary>
public sealed class NotificationOutbox(IAppDbContext db, TimeProvider clock) : INotificationOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The payload field (not part of the <c>/api/send</c> body) naming the user whose name fills <c>data.name</c>.</summary>
    private const string NameOfField = "nameOf";

    public void Enqueue(NotificationRequest request) =>
        db.OutboxMessages.Add(OutboxMessage.Queue(
            NotificationRequest.OutboxKind,
            JsonSerializer.Serialize(
                new { template = request.Template, to = request.To, channel = request.Channel, data = request.Data, idempotencyKey = request.IdempotencyKey, nameOf = request.NameOf },
                Json),
            NotificationRequest.OutboxKeyOf(request.IdempotencyKey),
            clock.GetUtcNow(),
            Activity.Current?.Id));

    public async Task CompleteAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        var pending = new List<(OutboxMessage Message, JsonObject Body, Guid UserId)>();
        foreach (var message in batch)
        {
            if (message.Kind == NotificationRequest.OutboxKind && message.Payload.Contains($"\"{NameOfField}\"", StringComparison.Ordinal)
                && JsonNode.Parse(message.Payload) is JsonObject body && Guid.TryParse((string?)body[NameOfField], out var userId))
            {
                pending.Add((message, body, userId));
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        // One query for the whole batch: the names as they are now.
        var ids = pending.Select(p => p.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        foreach (var (message, body, userId) in pending)
        {
            var data = body["data"] as JsonObject ?? [];
            body["data"] = data;
            data["name"] = names.GetValueOrDefault(userId) is { Length: > 0 } name ? name : ((string?)body["to"] ?? "").Split('@')[0];
            body.Remove(NameOfField);
            message.CompletePayload(body.ToJsonString(Json));
        }
    }
}
