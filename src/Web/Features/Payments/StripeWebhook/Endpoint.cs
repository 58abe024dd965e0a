using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ProcessStripeWebhook;
using Scholar.Web.ApiReference;
using Scholar.Web.Errors;

namespace Scholar.Web.Features.Payments.StripeWebhook;

/// <summary>The event's id and what processing did: <c>fulfilled</c>, <c>parked</c>, <c>refund_reversed</c>, <c>duplicate</c>, <c>ignored</c>, ….</summary>
public sealed record Response(string EventId, string Outcome);

/// <summary>
/// Stripe's webhook: the raw body is verified before anything is parsed or written. Answers 2xx
/// for processed, parked, duplicate and ignored events, 400 for a bad signature or a signed body that
/// is no Stripe event, 5xx only for transient failures so that Stripe retries.
/// </summary>
public sealed class Endpoint(ProcessStripeWebhookHandler handler) : EndpointWithoutRequest<Results<Ok<Response>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("/webhooks/stripe");
        AllowAnonymous();

        // The raw body is Stripe's event, read after its Stripe-Signature verifies. No Accepts metadata:
        // routing would then refuse other content types with 415 before the signature is even checked.
        Description(b => b.ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge));
    }

    public override async Task<Results<Ok<Response>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        // Bodies over 512 KiB (chunked ones included) were refused with 413 before this runs (RequestBodyLimits).
        using var body = new StreamReader(HttpContext.Request.Body);
        var result = await handler.HandleAsync(new Application.Payments.ProcessStripeWebhook.StripeWebhook(
            await body.ReadToEndAsync(ct), HttpContext.Request.Headers["Stripe-Signature"]), ct);
        return result.Rejection is { } rejected
            ? TypedResults.Problem(ProblemExceptionHandler.Create(StatusCodes.Status400BadRequest, rejected.Code,
                rejected.Code == InvalidStripeWebhookException.InvalidSignature
                    ? "The webhook's Stripe-Signature did not verify; nothing was recorded."
                    : "The signed body is not a Stripe event; nothing was recorded.",
                [new ProblemExceptionHandler.FieldError(rejected.Code == InvalidStripeWebhookException.InvalidSignature ? "Stripe-Signature" : "body", rejected.Message)]))
            : TypedResults.Ok(new Response(result.EventId!, result.Outcome!));
    }
}
