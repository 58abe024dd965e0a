using Microsoft.EntityFrameworkCore;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Mailbox;

public sealed record MailboxEntry(Guid Id, Guid NotificationId, string To, string Subject, string Tag, DateTimeOffset CreatedAt);

/// <summary>Reads the local mailbox (<c>mailbox_messages</c>) for the console, newest first.</summary>
public sealed class LocalMailbox(AppDbContext db)
{
    public async Task<IReadOnlyList<MailboxEntry>> ListAsync(string? to, int limit, CancellationToken ct)
    {
        var messages = db.MailboxMessages.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(to))
        {
            var address = to.Trim();
            messages = messages.Where(m => m.To == address);
        }

        return await messages
            .OrderByDescending(m => m.CreatedAt)
            .Take(Math.Clamp(limit, 1, 500))
            .Select(m => new MailboxEntry(m.Id, m.NotificationId, m.To, m.Subject, m.Tag, m.CreatedAt))
            .ToListAsync(ct);
    }

    public Task<MailboxMessage?> FindAsync(Guid id, CancellationToken ct) =>
        db.MailboxMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
}
