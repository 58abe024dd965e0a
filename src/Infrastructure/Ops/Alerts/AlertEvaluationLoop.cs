using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scholar.Application.Ops.Alerts;

namespace Scholar.Infrastructure.Ops.Alerts;

/// <summary>The background loop that runs <see cref="EvaluateAlertsHandler"/> every <c>OPS_ALERT_INTERVAL_SECONDS</c> (60 by default) on every Web host; the handler's lock lets one instance at a time evaluate.</summary>
public sealed class AlertEvaluationLoop(IServiceScopeFactory scopes, IOptions<AlertSettings> settings, TimeProvider clock, ILogger<AlertEvaluationLoop> logger)
    : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(Math.Clamp(settings.Value.IntervalSeconds, 1, 60));

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<EvaluateAlertsHandler>().HandleAsync(ct);
        if (result.Fired + result.Resolved > 0)
        {
            Logger.LogWarning("Alerts: {Fired} fired, {Resolved} resolved, {Holding} conditions holding", result.Fired, result.Resolved, result.Holding);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        settings.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;
}
