using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scholar.Application.Hosting;
using Scholar.Application.Payments.CheckStripeKey;

namespace Scholar.Infrastructure.Payments;

/// <summary>
/// Proves the configured Stripe key at start and every <see cref="Interval"/> in processes hosting
/// provider_register, so the "Stripe live keys verified" gate reads a recent check, never a guess.
/// </summary>
public sealed class StripeKeyMonitor(IServiceScopeFactory scopes, HostedApps apps, TimeProvider clock, ILogger<StripeKeyMonitor> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var check = await scope.ServiceProvider.GetRequiredService<CheckStripeKeyHandler>().HandleAsync(ct);
        logger.LogInformation("Stripe key check: {KeyKind} succeeded={Succeeded} livemode={Livemode}", check.KeyKind, check.Succeeded, check.Livemode);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!apps.Hosts(ScholarApps.ProviderRegister))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be down; the gate then shows the last check's age.
                logger.LogWarning(e, "Stripe key check could not be recorded");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
