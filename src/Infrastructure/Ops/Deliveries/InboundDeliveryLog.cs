using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Deliveries;

/// <summary>
/// <see cref="IInboundDeliveryLog"/> on PostgreSQL: accepted deliveries in <c>webhook_attempts</c>,
/// refusals as one counter row per hop, minute and reason in <c>rejected_deliveries</c>. An answered
/// delivery is written with its business transaction (<see cref="RecordInUnit"/>); a failed one after
/// that transaction rolled back, never inside it.
/// </summary>
public sealed class InboundDeliveryLog(AppDbContext db, TimeProvider clock, ILogger<InboundDeliveryLog> logger) : IInboundDeliveryLog
{
    public async Task RecordAsync(string hop, string key, int statusCode, string outcome, long startedTimestamp, string? failure)
    {
        try
        {
            db.ChangeTracker.Clear();
            db.DeliveryAttempts.Add(DeliveryAttempt.Inbound(hop, key, statusCode, outcome, startedTimestamp, failure, clock.GetUtcNow()));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not record the delivery {Key} on {Hop}", key, hop);
        }
    }

    public void RecordInUnit(string hop, string key, int statusCode, string outcome, long startedTimestamp) =>
        db.DeliveryAttempts.Add(DeliveryAttempt.Inbound(hop, key, statusCode, outcome, startedTimestamp, null, clock.GetUtcNow()));

    public async Task CountRejectedAsync(string hop, string reason, int statusCode)
    {
        var minute = RequestLatencyMinute.MinuteOf(clock.GetUtcNow());
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO rejected_deliveries (hop, minute, reason, status_code, count) VALUES ({hop}, {minute}, {reason}, {statusCode}, 1)
                ON CONFLICT (hop, minute, reason) DO UPDATE SET count = rejected_deliveries.count + 1
                """, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Could not count a refused delivery on {Hop}", hop);
        }
    }
}
