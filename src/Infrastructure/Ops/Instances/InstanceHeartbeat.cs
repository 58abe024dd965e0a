using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scholar.Application.Auth;
using Scholar.Application.Hosting;
using Scholar.Application.Ops;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Instances;

/// <summary>
/// Writes this process's row in <c>app_instances</c> at start and every <see cref="Interval"/>: the
/// apps it hosts, its version, and its Secrets Check snapshot with the NOTIFY_WEBHOOK_SECRET fingerprint.
/// </summary>
public sealed class InstanceHeartbeat(
    IServiceScopeFactory scopes,
    InstanceIdentity identity,
    HostedApps apps,
    ISettingSources sources,
    TimeProvider clock,
    ILogger<InstanceHeartbeat> logger) : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(30);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await BeatAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Two first beats of this instance raced to insert its row; the row exists now, so update it.
            await BeatAsync(ct);
        }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Clock.GetUtcNow();
        var instance = await db.AppInstances.FirstOrDefaultAsync(i => i.InstanceId == identity.Id, ct);
        if (instance is null)
        {
            instance = new Domain.Ops.AppInstance { InstanceId = identity.Id, Version = InstanceIdentity.Version, StartedAt = identity.StartedAt };
            db.AppInstances.Add(instance);
        }

        instance.Apps = apps.Names.ToList();
        instance.Version = InstanceIdentity.Version;
        instance.LastSeenAt = now;
        instance.SecretsSnapshot = SecretsSnapshot.Build(apps.Names, sources);
        instance.NotifySecretState = sources.StateOf(SecretsSnapshot.NotifyWebhookSecret);
        instance.NotifySecretFingerprint = sources.FingerprintOf(SecretsSnapshot.NotifyWebhookSecret);
        instance.StripeSecretKeyKind = apps.Hosts(ScholarApps.ProviderRegister) ? sources.StripeKeyKindOf(SecretsSnapshot.StripeSecretKey) : null;
        instance.StripePublicKeyKind = apps.Hosts(ScholarApps.StudentPilot) ? sources.StripeKeyKindOf(SecretsSnapshot.StripePublicKey) : null;
        await db.SaveChangesAsync(ct);
    }
}
