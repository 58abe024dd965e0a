using FastEndpoints;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.GetEvidence;

public sealed class Request
{
    public Guid PaymentId { get; init; }
}

/// <summary>The evidence bundle of one payment (DESIGN.md 8.5), sealed with a SHA-256.</summary>
public sealed class Endpoint(GetEvidenceHandler handler) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/ops/evidence/{paymentId}");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().Produces<EvidenceBundle>(StatusCodes.Status200OK, "application/json").ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.StringAsync(await handler.HandleAsync(req.PaymentId, ct), contentType: "application/json; charset=utf-8", cancellation: ct);
}
