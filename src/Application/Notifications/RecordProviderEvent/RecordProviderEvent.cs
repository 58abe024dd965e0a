using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;

namespace Scholar.Application.Notifications.RecordProviderEvent;

/// <summary>
/// A provider's report about one message. <see cref="Outcome"/> is the status it implies for the
/// notification (null for opens and clicks); <see cref="Suppression"/> puts the address on the
/// suppression list (hard bounce, spam complaint, provider-side suppression) or takes it off.
/// </summary>
public sealed record RecordProviderEventCommand(
    string ProviderMessageId,
    string RecordType,
    string Recipient,
    DateTimeOffset OccurredAt,
    string? Detail,
    NotificationStatus? Outcome,
    RecipientSuppression Suppression);

public enum RecipientSuppression
{
    Unchanged,
    Suppress,
    Reactivate,
}

public sealed record RecordProviderEventResult(bool Duplicate, Guid? NotificationId);

/// <summary>Records a provider event once per (message, record type) and applies what it means.</summary>
public sealed class ProviderEventRecorder(IAppDbContext db, TimeProvider clock)
{
    public async Task<RecordProviderEventResult> HandleAsync(RecordProviderEventCommand command, CancellationToken ct)
    {
        if (await db.NotificationEvents.AnyAsync(e => e.ProviderMessageId == command.ProviderMessageId && e.RecordType == command.RecordType, ct))
        {
            return new RecordProviderEventResult(Duplicate: true, null);
        }

        var now = clock.GetUtcNow();
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.ProviderMessageId == command.ProviderMessageId, ct);
        db.NotificationEvents.Add(new NotificationEvent
        {
            NotificationId = notification?.Id,
            ProviderMessageId = command.ProviderMessageId,
            RecordType = command.RecordType,
            Recipient = command.Recipient,
            Detail = command.Detail,
            OccurredAt = command.OccurredAt,
            ReceivedAt = now,
        });

        if (command.Outcome is { } outcome)
        {
            notification?.ApplyProviderOutcome(outcome);
        }

        var address = SuppressedRecipient.Normalise(command.Recipient);
        var suppressed = await db.SuppressedRecipients.SingleOrDefaultAsync(s => s.Address == address, ct);
        if (command.Suppression is RecipientSuppression.Suppress && suppressed is null && address.Length > 0)
        {
            db.SuppressedRecipients.Add(new SuppressedRecipient { Address = address, Reason = command.Detail ?? command.RecordType, SuppressedAt = now });
        }
        else if (command.Suppression is RecipientSuppression.Reactivate && suppressed is not null)
        {
            db.SuppressedRecipients.Remove(suppressed);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same event delivered twice at once: the other request recorded it.
            if (!await IsDuplicateAsync(command, ct))
            {
                throw;
            }

            return new RecordProviderEventResult(Duplicate: true, notification?.Id);
        }

        return new RecordProviderEventResult(Duplicate: false, notification?.Id);
    }

    private Task<bool> IsDuplicateAsync(RecordProviderEventCommand command, CancellationToken ct) =>
        db.NotificationEvents.AsNoTracking().AnyAsync(e => e.ProviderMessageId == command.ProviderMessageId && e.RecordType == command.RecordType, ct);
}
