using System.Text.Json;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>
/// Records operator actions and policy changes in the caller's unit of work: the entry commits
/// with the change it describes, or not at all.
/// </summary>
public interface IAuditLog
{
    void Record(string actor, string action, string subject, object? details = null);
}

public sealed class AuditLog(IAppDbContext db, TimeProvider clock) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(string actor, string action, string subject, object? details = null) =>
        db.AuditLog.Add(new AuditLogEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Action = action,
            Subject = subject,
            Details = details is null ? null : JsonSerializer.Serialize(details, Json),
        });
}
