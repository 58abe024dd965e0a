using System.Text.Json;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops.GetGates;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.Funnel;

public sealed record FunnelView(string Stage, long PilotMaxPurchaseCents, int PilotDailyLivePurchases, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static FunnelView From(FunnelPolicy p) =>
        new(StageName(p.Stage), p.PilotMaxPurchaseCents, p.PilotDailyLivePurchases, p.UpdatedAt, p.UpdatedBy);

    public static string StageName(FunnelStage stage) => stage.ToString().ToLowerInvariant();
}

/// <summary>Move the funnel to a stage; <c>ActorIsCeo</c> says whether the caller holds role ceo (only a ceo may widen).</summary>
public sealed record ChangeFunnelCommand(string Actor, bool ActorIsCeo, FunnelStage To, string? Reason);

/// <summary>
/// Reads and changes the funnel stage (DESIGN.md 7). Widening to <c>open</c> needs role ceo, verdict
/// GO and a reason; narrowing back to <c>pilot</c> is always allowed. Each change records an
/// approval with the verdict and gates at that moment, and an audit entry, in one transaction; a
/// widening also records the SHA-256 of the <see cref="FunnelReview"/> documents as they stood then.
/// </summary>
public sealed class FunnelHandler(IAppDbContext db, GetGatesHandler gates, FunnelReviewHandler reviews, IAuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<FunnelView> GetAsync(CancellationToken ct) => FunnelView.From(await LoadAsync(ct));

    public async Task<FunnelView> ChangeAsync(ChangeFunnelCommand command, CancellationToken ct)
    {
        var reason = command.Reason?.Trim() ?? "";
        var widening = command.To == FunnelStage.Open;
        if (widening && !command.ActorIsCeo)
        {
            throw new ForbiddenException("ceo-required", "Widening the funnel needs a user with role ceo.");
        }

        if (widening && reason.Length == 0)
        {
            throw new InputException("reason-required", "Widening the funnel needs a reason.",
                new Dictionary<string, string[]> { ["reason"] = ["Say why the funnel is being widened."] });
        }

        var report = GatesResult.From(await gates.EvaluateAsync(ct));
        if (widening && !report.IsGo)
        {
            var blocking = report.Gates.Where(g => g.Status != "pass").Select(g => $"gate {g.Id} {g.Status}: {g.Evidence}");
            throw new ForbiddenException("verdict-not-go",
                $"Widening the funnel needs verdict GO; the verdict is {report.Verdict} ({string.Join("; ", blocking)}).");
        }

        var policy = await LoadAsync(ct);
        if (policy.Stage == command.To)
        {
            return FunnelView.From(policy);
        }

        var review = widening ? await reviews.HandleAsync(ct) : null;
        var now = clock.GetUtcNow();
        var from = FunnelView.StageName(policy.Stage);
        policy.Stage = command.To;
        policy.UpdatedAt = now;
        policy.UpdatedBy = command.Actor;
        db.FunnelApprovals.Add(new FunnelApproval
        {
            At = now,
            Actor = command.Actor,
            FromStage = from,
            ToStage = FunnelView.StageName(command.To),
            Reason = reason,
            Verdict = report.Verdict,
            Evidence = JsonSerializer.Serialize(report.Gates, Json),
            ProviderRegisterReportSha256 = review?.ProviderRegisterReportSha256,
            AutoComCenterReportSha256 = review?.AutoComCenterReportSha256,
            EvidencePaymentId = review?.EvidencePaymentId,
            EvidenceSha256 = review?.EvidenceSha256,
        });
        audit.Record(command.Actor, widening ? "funnel.widened" : "funnel.narrowed", "funnel_policy",
            new
            {
                from, to = FunnelView.StageName(command.To), reason, verdict = report.Verdict,
                review?.ProviderRegisterReportSha256, review?.AutoComCenterReportSha256, review?.EvidencePaymentId, review?.EvidenceSha256,
            });
        await db.SaveChangesAsync(ct);
        return FunnelView.From(policy);
    }

    private async Task<FunnelPolicy> LoadAsync(CancellationToken ct) =>
        await db.FunnelPolicies.FindAsync([FunnelPolicy.SingletonId], ct) ?? throw new NotFoundException("The funnel policy");
}
