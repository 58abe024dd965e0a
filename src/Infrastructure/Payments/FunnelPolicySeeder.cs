using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Payments;

/// <summary>
/// Creates the funnel policy once, in stage pilot, with limits from FUNNEL_PILOT_MAX_PURCHASE_CENTS and
/// FUNNEL_PILOT_DAILY_LIVE_PURCHASES. An existing policy is never overwritten: it is changed only by people.
/// </summary>
public sealed class FunnelPolicySeeder(AppDbContext db, IConfiguration configuration, TimeProvider clock) : IDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var defaults = new FunnelPolicy();
        var maxCents = configuration.GetValue("FUNNEL_PILOT_MAX_PURCHASE_CENTS", defaults.PilotMaxPurchaseCents);
        var daily = configuration.GetValue("FUNNEL_PILOT_DAILY_LIVE_PURCHASES", defaults.PilotDailyLivePurchases);
        var stage = FunnelStage.Pilot.ToString().ToLowerInvariant();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO funnel_policy (id, stage, pilot_max_purchase_cents, pilot_daily_live_purchases, updated_at, updated_by)
            VALUES ({FunnelPolicy.SingletonId}, {stage}, {maxCents}, {daily}, {clock.GetUtcNow()}, 'seed')
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
    }
}
