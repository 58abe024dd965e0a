using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scholar.Application.Credits;
using Scholar.Application.Hosting;
using Scholar.Domain.Credits;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops;

/// <summary>
/// Gate 3's evidence: every minute, on the system probe account, append a 1-credit grant through the
/// credits module, read it back from the database, and reverse it — all in ONE transaction that is
/// then rolled back, so the append-only ledger keeps no probe rows (ADR 0042). Only the outcome is
/// kept, in <c>probe_results</c>. The probe account is no user's, so nothing touches anyone's balance.
/// </summary>
public sealed class LedgerProbe(
    IServiceScopeFactory scopes,
    HostedApps apps,
    InstanceIdentity identity,
    SecretScrubber scrubber,
    TimeProvider clock,
    ILogger<LedgerProbe> logger) : PeriodicWorker(clock, logger)
{
    /// <summary>The system probe account's owner id; reserved, never a real user.</summary>
    public static readonly Guid ProbeAccountUserId = new("00000000-0000-0000-0000-0000000000fe");

    public const string Source = "ops_probe";
    public const string Actor = "system:ledger-probe";

    protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        if (!apps.Hosts(ScholarApps.ScholarshipApi))
        {
            return;
        }

        var runId = Guid.CreateVersion7(Clock.GetUtcNow());
        string? error = null;
        try
        {
            error = await ProbeAsync(runId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error = $"{e.GetType().Name}: {scrubber.Scrub(e.Message)}";
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ProbeResults.Add(new ProbeResult
        {
            Probe = ProbeResult.LedgerProbe,
            At = Clock.GetUtcNow(),
            Succeeded = error is null,
            Error = error is { Length: > 2000 } ? error[..2000] : error,
            InstanceId = identity.Id,
        });
        await db.SaveChangesAsync(ct);
        if (error is not null)
        {
            Logger.LogWarning("Ledger probe {RunId} failed: {Error}", runId, error);
        }
    }

    /// <returns>Null when the entry was written, read back and reversed; otherwise what went wrong. Nothing it wrote survives.</returns>
    private async Task<string?> ProbeAsync(Guid runId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<ICreditLedger>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // The same inserts, locks and constraints as a real append, saved inside a transaction that is never committed.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var written = await ledger.AppendAsync(new LedgerAppend(ProbeAccountUserId, LedgerEntryKind.Grant, 1, "ledger probe write", Source,
                $"{runId}:write", $"ops-probe:{runId}:write", Actor), ct);
            await db.SaveChangesAsync(ct);

            var readBack = await db.LedgerEntries.AsNoTracking().Where(e => e.Id == written.Entry.Id).Select(e => new { e.Delta }).SingleOrDefaultAsync(ct);
            if (readBack?.Delta != 1)
            {
                return $"entry {written.Entry.Id} did not read back as written";
            }

            var reversed = await ledger.AppendAsync(new LedgerAppend(ProbeAccountUserId, LedgerEntryKind.Reversal, -1, "ledger probe reversal", Source,
                $"{runId}:reverse", $"ops-probe:{runId}:reverse", Actor), ct);
            await db.SaveChangesAsync(ct);

            return reversed.Balance == written.Balance - 1 ? null : $"reversal left balance {reversed.Balance}, expected {written.Balance - 1}";
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }
}
