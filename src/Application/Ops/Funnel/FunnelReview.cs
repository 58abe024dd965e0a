using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Hosting;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Application.Ops.GetRunChecklist;
using Scholar.Application.Ops.GetStatusReport;

namespace Scholar.Application.Ops.Funnel;

/// <summary>
/// What the CEO reviews before widening (the seed's "two Production Status Reports and the evidence
/// bundle"): both reports as Markdown and the evidence bundle of the latest validation run's payment
/// (null when no run has a fulfilled payment yet), each with the SHA-256 (hex) of its exact text.
/// </summary>
public sealed record FunnelReview(string ProviderRegisterReport, string AutoComCenterReport, Guid? EvidencePaymentId, string? EvidenceBundle)
{
    public string ProviderRegisterReportSha256 => Sha256(ProviderRegisterReport);

    public string AutoComCenterReportSha256 => Sha256(AutoComCenterReport);

    public string? EvidenceSha256 => EvidenceBundle is null ? null : Sha256(EvidenceBundle);

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Builds the <see cref="FunnelReview"/> from the same use cases as <c>/api/ops/status-report</c> and <c>/api/ops/evidence</c>.</summary>
public sealed class FunnelReviewHandler(IAppDbContext db, GetStatusReportHandler reports, GetRunChecklistHandler checklists, GetEvidenceHandler evidence)
{
    public async Task<FunnelReview> HandleAsync(CancellationToken ct)
    {
        var providerRegister = await reports.HandleAsync(new GetStatusReportQuery(ScholarApps.ProviderRegister, null), ct);
        var autoComCenter = await reports.HandleAsync(new GetStatusReportQuery(ScholarApps.AutoComCenter, null), ct);
        var runId = await db.ValidationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
        var paymentId = runId is { } id ? (await checklists.HandleAsync(id, ct)).PaymentId : null;
        var bundle = paymentId is { } p ? await evidence.HandleAsync(p, ct) : null;
        return new FunnelReview(providerRegister, autoComCenter, paymentId, bundle);
    }
}
