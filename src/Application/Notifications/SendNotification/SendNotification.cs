using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.SendNotification;

/// <summary>A <c>POST /api/send</c> request; a null key means the caller asked for no deduplication.</summary>
public sealed record SendNotificationCommand(string Template, string To, IReadOnlyDictionary<string, string> Data, string? IdempotencyKey, string Channel = NotificationRequest.Email);

public sealed record SendNotificationResult(Guid Id, NotificationStatus Status, bool Created);

/// <summary>
/// Accepts a notification: the template must exist and receive every variable it declares; the
/// idempotency key is unique, so a repeated request answers with the notification it created first.
/// </summary>
public sealed class SendNotificationHandler(IAppDbContext db, INotificationTemplates templates, TimeProvider clock)
{
    public async Task<SendNotificationResult> HandleAsync(SendNotificationCommand command, CancellationToken ct)
    {
        var required = templates.RequiredVariables(command.Template)
            ?? throw new UnprocessableException("unknown-template", $"There is no template named '{command.Template}'.",
                new Dictionary<string, string[]> { ["template"] = [$"Unknown template '{command.Template}'."] });

        var missing = required.Where(v => !command.Data.TryGetValue(v, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        if (missing.Count > 0)
        {
            throw new UnprocessableException("missing-template-variables",
                $"Template '{command.Template}' needs {string.Join(", ", missing)}.",
                missing.ToDictionary(v => $"data.{v}", v => new[] { $"Template '{command.Template}' requires '{v}'." }));
        }

        // Inserted first and looked up only when the key's unique index refuses it: a new key (nearly
        // every request) costs one round trip, and a repeat is answered from the row that holds the key.
        var key = command.IdempotencyKey ?? $"auto:{Guid.CreateVersion7()}";
        var notification = Notification.Queue(command.Template, command.To.Trim(), command.Data, key, clock.GetUtcNow(), Activity.Current?.Id, command.Channel);
        db.Notifications.Add(notification);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The key was used before (a retry, or a concurrent twin that committed first): answer with its notification.
            db.Notifications.Entry(notification).State = EntityState.Detached;
            var winner = await FindAsync(key, ct);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }

        return new SendNotificationResult(notification.Id, notification.Status, Created: true);
    }

    private async Task<SendNotificationResult?> FindAsync(string key, CancellationToken ct) =>
        await db.Notifications.AsNoTracking()
            .Where(n => n.IdempotencyKey == key)
            .Select(n => new SendNotificationResult(n.Id, n.Status, false))
            .SingleOrDefaultAsync(ct);
}
