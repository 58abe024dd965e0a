using FastEndpoints;
using Scholar.Application.Payments.ResolveReview;
using Scholar.Web.ApiReference;
using Scholar.Web.Idempotency;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.ResolveReview;

/// <summary><c>POST /api/ops/payments/{paymentId}/resolve</c>: settles a <c>needs_review</c> payment; Idempotency-Key required; 409 otherwise.</summary>
public sealed class Endpoint(ResolveReviewHandler handler, IdempotentResponder idempotency) : Endpoint<Request, ReviewResolved>
{
    public const string Route = "/api/ops/payments/{paymentId}/resolve";

    public override void Configure()
    {
        Post(Route);
        Policies(AuthPolicies.Operator);
        Description(b => b.AcceptsIdempotencyKey()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity));
    }

    public override Task HandleAsync(Request req, CancellationToken ct)
    {
        var decision = req.Decision == "fulfil" ? ReviewDecision.Fulfil : ReviewDecision.Refund;
        return idempotency.SendAsync(HttpContext, req, StatusCodes.Status200OK,
            (key, c) => handler.HandleAsync(new ResolveReviewCommand(User.Describe(), req.PaymentId, decision, req.Reason.Trim(), key), c), ct);
    }
}
