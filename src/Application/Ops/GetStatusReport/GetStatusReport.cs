using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Hosting;
using Scholar.Application.Ops.GetGates;
using Scholar.Application.Ops.GetKpis;
using Scholar.Application.Ops.SecretsCheck;
using Scholar.Application.Payments.WebhookVersions;

namespace Scholar.Application.Ops.GetStatusReport;

public sealed record GetStatusReportQuery(string App, string? Window);

/// <summary>
/// "Production Status Report: &lt;app&gt;" in Markdown with the four sections of DESIGN.md 8.4. Every
/// figure comes from the same use cases as the JSON endpoints; no value of any setting is printed.
/// </summary>
public sealed class GetStatusReportHandler(
    IAppDbContext db,
    SecretsCheckHandler secrets,
    GetGatesHandler gates,
    GetKpisHandler kpis,
    WebhookVersionsHandler webhookVersions,
    IReadinessReport readiness,
    TimeProvider clock)
{
    public const string DefaultWindow = "24h";

    private const int EvidenceLinks = 5;

    public async Task<string> HandleAsync(GetStatusReportQuery query, CancellationToken ct)
    {
        if (!ScholarApps.All.Contains(query.App))
        {
            throw new NotFoundException($"App '{query.App}'");
        }

        var now = clock.GetUtcNow();
        var gateReport = await gates.HandleAsync(ct);
        var checks = await readiness.CheckAsync(ct);
        var instances = await LiveInstances.Query(db, now)
            .OrderBy(i => i.StartedAt)
            .ToListAsync(ct);
        instances = instances.Where(i => i.Apps.Contains(query.App)).ToList();
        var settings = (await secrets.HandleAsync(new SecretsCheckQuery(null), ct)).FirstOrDefault(s => s.App == query.App);
        var figures = await kpis.HandleAsync(new GetKpisQuery(query.Window ?? DefaultWindow), ct);
        var evidence = await db.Payments.AsNoTracking()
            .Where(p => p.FulfilledAt != null && p.FulfilledAt >= figures.Window.Since)
            .OrderByDescending(p => p.FulfilledAt)
            .Take(EvidenceLinks)
            .Select(p => p.Id)
            .ToListAsync(ct);

        var md = new StringBuilder();
        Line(md, $"# Production Status Report: {query.App}");
        Line(md);
        Line(md, $"Generated {now:u} · KPI window: {figures.Window.Label} ({figures.Window.Since:u} – {figures.Window.Until:u})");
        Line(md);

        Line(md, "## 1. Status");
        Line(md);
        Line(md, $"- **Verdict: {gateReport.Verdict}**");
        Line(md, $"- Readiness: {(checks.Count == 0 ? "no checks" : string.Join(", ", checks.Select(c => $"{c.Name} {c.Status}")))}");
        if (instances.Count == 0)
        {
            Line(md, "- Instances: none has reported in the last few minutes");
        }

        foreach (var i in instances)
        {
            Line(md, $"- Instance `{i.InstanceId}`: version {i.Version}, up {Uptime(now - i.StartedAt)}, last seen {i.LastSeenAt:u}");
        }

        Line(md);
        Line(md, "## 2. Secrets Check");
        Line(md);
        if (settings is null)
        {
            Line(md, "No live instance hosts this app, so its settings cannot be checked.");
        }
        else
        {
            Line(md, $"Reported by {settings.ReportedBy}.");
            Line(md);
            Line(md, "| Name | Category | State |");
            Line(md, "|---|---|---|");
            foreach (var s in settings.Settings)
            {
                Line(md, $"| {s.Name} | {s.Category} | {SecretsCheckHandler.Describe(s)} |");
            }
        }

        Line(md);
        Line(md, "## 3. KPIs & Evidence");
        Line(md);
        WriteKpis(md, query.App, figures);
        Line(md, evidence.Count == 0
            ? "- Evidence: no payment reached fulfilled in the window"
            : $"- Evidence: {string.Join(", ", evidence.Select(id => $"[{id}](/api/ops/evidence/{id})"))}");

        Line(md);
        Line(md, "## 4. Risks & Next Actions");
        Line(md);
        var risks = Risks(gateReport, checks, settings, figures).ToList();
        if (query.App == ScholarApps.ProviderRegister && await webhookVersions.MismatchAsync(ct) is { } mismatch)
        {
            risks.Insert(0, mismatch.Warning);
        }

        if (risks.Count == 0)
        {
            Line(md, "- None open: every gate passes and every check is healthy.");
        }

        foreach (var risk in risks)
        {
            Line(md, $"- {risk}");
        }

        return md.ToString();
    }

    private static void WriteKpis(StringBuilder md, string app, KpiReport figures)
    {
        if (figures.Tff is { } tff)
        {
            Line(md, tff.Seconds is { } seconds
                ? $"- TFF$ ({tff.Label}): {seconds.ToString("0", CultureInfo.InvariantCulture)} s (payment {tff.PaymentId})"
                : $"- TFF$ ({tff.Label}): no payment fulfilled yet in run {tff.RunId}");
        }

        foreach (var group in figures.Latency.Groups.Where(g => RelevantGroup(app, g.Name)))
        {
            Line(md, $"- P95 {group.Name}: {Ms(group.P95Ms)} over {group.Count} requests (target {Ms(figures.Latency.TargetP95Ms)})");
        }

        foreach (var hop in figures.Hops.Where(h => h.Hop.Contains(app, StringComparison.Ordinal)))
        {
            Line(md, hop.SuccessRate is { } rate
                ? $"- Hop {hop.Hop}: {rate:P1} success ({hop.Successes}/{hop.Attempts})"
                : $"- Hop {hop.Hop}: no attempts in the window");
        }

        if (app is ScholarApps.ProviderRegister or ScholarApps.AutoComCenter)
        {
            var r = figures.Receipts;
            Line(md, r.EventualSuccessRate is { } rate
                ? $"- Receipts accepted: {r.Accepted}/{r.Due} ({rate:P1})"
                : "- Receipts accepted: none due in the window");
        }

        if (app == ScholarApps.AutoComCenter)
        {
            var d = figures.Deliverability;
            Line(md, $"- Email: sent {d.Sent}, delivered {d.Delivered}, bounced {d.Bounced}, spam {d.Spam}, failed {d.Failed}");
        }
    }

    private static IEnumerable<string> Risks(GatesResult gates, IReadOnlyList<ReadinessCheck> checks, AppSecretsCheck? settings, KpiReport figures)
    {
        foreach (var gate in gates.Gates.Where(g => g.Status != "pass"))
        {
            yield return $"Gate {gate.Id} — {gate.Title}: **{gate.Status}**{(gate.Blocking ? " (blocking)" : "")}. {gate.Evidence} Next: {gate.Remediation}";
        }

        foreach (var check in checks.Where(c => c.Status != "Healthy"))
        {
            yield return $"Readiness check {check.Name} is {check.Status}. Next: see /readyz.";
        }

        foreach (var s in settings?.Settings.Where(s => s.Category == "required" && !s.Present) ?? [])
        {
            yield return $"Required setting {s.Name} is {SecretsCheckHandler.Describe(s.Source)}. Next: set it in this app's environment.";
        }

        foreach (var hop in figures.Hops.Where(h => h.Failures.Count > 0))
        {
            yield return $"Recent errors on {hop.Hop}: {string.Join("; ", hop.Failures.Select(f => $"{f.Reason} ×{f.Count}"))}.";
        }

        if (figures.Deliverability.LastError is { } error)
        {
            yield return $"Last email error: {error}";
        }

        foreach (var group in figures.Latency.Groups.Where(g => g.Count > 0 && g.P95Ms > figures.Latency.TargetP95Ms))
        {
            yield return $"P95 {group.Name} is {Ms(group.P95Ms)}, above the {Ms(figures.Latency.TargetP95Ms)} target.";
        }
    }

    private static bool RelevantGroup(string app, string group) => (app, group) switch
    {
        (ScholarApps.AutoComCenter, Domain.Ops.LatencyGroups.Messaging) => true,
        (ScholarApps.ScholarshipApi, Domain.Ops.LatencyGroups.Ledger) => true,
        _ => false,
    };

    private static string Ms(double ms) => $"{ms.ToString("0.0", CultureInfo.InvariantCulture)} ms";

    private static string Uptime(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{(int)t.TotalMinutes} min";

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
