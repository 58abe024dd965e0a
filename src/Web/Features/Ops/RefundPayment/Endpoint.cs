using FastEndpoints;
using Scholar.Application.Payments.RefundPayment;
using Scholar.Web.ApiReference;
using Scholar.Web.Idempotency;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.RefundPayment;

/// <summary>
/// <c>POST /api/ops/payments/{paymentId}/refund</c>: asks the provider for the refund; Idempotency-Key
/// required; 202 because the credits are reversed later, when the provider's webhook arrives; 409
/// <c>nothing-to-refund</c>.
/// </summary>
public sealed class Endpoint(RefundPaymentHandler handler, IdempotentResponder idempotency) : Endpoint<Request, RefundRequested>
{
    public const string Route = "/api/ops/payments/{paymentId}/refund";

    public override void Configure()
    {
        Post(Route);
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<RefundRequested>(StatusCodes.Status202Accepted)
            .AcceptsIdempotencyKey()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity));
    }

    public override Task HandleAsync(Request req, CancellationToken ct)
    {
        return idempotency.SendAsync(HttpContext, req, StatusCodes.Status202Accepted,
            (key, c) => handler.HandleAsync(new RefundPaymentCommand(User.Describe(), req.PaymentId, req.AmountCents, req.Reason.Trim(), key), c), ct);
    }
}
