using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.WebhookVersions;
using Scholar.Application.Hosting;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetGates;

public sealed record GateView(int Id, string Title, string Status, bool Blocking, string Evidence, string Remediation);

public sealed record GatesResult(string Verdict, IReadOnlyList<GateView> Gates)
{
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Domain.Ops.Verdict.Go => "GO",
        Domain.Ops.Verdict.NoGo => "NO-GO",
        _ => "HOLD",
    };

    public static GatesResult From(GateReport report) => new(
        VerdictName(report.Verdict),
        report.Gates.Select(g => new GateView(g.Id, g.Title, g.Status.ToString().ToLowerInvariant(), g.Blocking, g.Evidence, g.Remediation)).ToList());

    [JsonIgnore]
    public bool IsGo => Verdict == "GO";
}

/// <summary>
/// Gathers the inputs of the four gates of DESIGN.md 8.2 from live data (instance heartbeats, Stripe
/// key checks, ledger probe results, fulfilled payments) and lets <see cref="GoNoGoVerdict"/> decide.
/// </summary>
public sealed class GetGatesHandler(IAppDbContext db, WebhookVersionsHandler webhookVersions, TimeProvider clock)
{
    public async Task<GatesResult> HandleAsync(CancellationToken ct) => GatesResult.From(await EvaluateAsync(ct));

    public async Task<GateReport> EvaluateAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var live = await LiveInstances.Query(db, now).ToListAsync(ct);

        var secretKind = WorstKind(live.Where(i => i.Apps.Contains(ScholarApps.ProviderRegister)).Select(i => i.StripeSecretKeyKind));
        var publicKind = WorstKind(live.Where(i => i.Apps.Contains(ScholarApps.StudentPilot)).Select(i => i.StripePublicKeyKind));
        var checkKind = StripeKeys.Label(secretKind);
        var check = await db.StripeKeyChecks.AsNoTracking()
            .Where(c => c.KeyKind == checkKind)
            .OrderByDescending(c => c.CheckedAt)
            .FirstOrDefaultAsync(ct);

        var lastProbeSuccess = await db.ProbeResults.AsNoTracking()
            .Where(p => p.Probe == ProbeResult.LedgerProbe && p.Succeeded)
            .MaxAsync(p => (DateTimeOffset?)p.At, ct);
        var lastProbeFailure = await db.ProbeResults.AsNoTracking()
            .Where(p => p.Probe == ProbeResult.LedgerProbe && !p.Succeeded)
            .OrderByDescending(p => p.At)
            .FirstOrDefaultAsync(ct);

        var run = await db.ValidationRuns.AsNoTracking().Where(r => r.StoppedAt == null && r.EndsAt > now).FirstOrDefaultAsync(ct);
        var (windowStart, windowLabel) = run is null ? (now.AddHours(-24), "the last 24 h") : (run.StartedAt, $"validation run {run.Id}");
        var lastFulfilled = await db.Payments.AsNoTracking()
            .Where(p => p.FulfilledAt != null && p.FulfilledAt >= windowStart)
            .MaxAsync(p => p.FulfilledAt, ct);

        return GoNoGoVerdict.Evaluate(new GateInputs(
            NotifySecretObservations.For(ScholarApps.ProviderRegister, live),
            NotifySecretObservations.For(ScholarApps.AutoComCenter, live),
            new StripeKeysObservation(secretKind, publicKind, check?.CheckedAt, check?.Succeeded ?? false, check?.Livemode ?? false,
                await webhookVersions.MismatchAsync(ct)),
            new LedgerProbeObservation(lastProbeSuccess, lastProbeFailure?.At, lastProbeFailure?.Error),
            new CheckoutObservation(lastFulfilled, windowStart, windowLabel),
            now));
    }

    /// <summary>Across instances, any key that is not live decides; no report at all counts as missing.</summary>
    private static StripeKeyKind WorstKind(IEnumerable<StripeKeyKind?> kinds)
    {
        var reported = kinds.OfType<StripeKeyKind>().Distinct().ToList();
        return reported.Count switch
        {
            0 => StripeKeyKind.Missing,
            1 => reported[0],
            _ => reported.FirstOrDefault(k => !StripeKeys.IsLiveSecret(k) && k != StripeKeyKind.PublishableLive, reported[0]),
        };
    }
}
