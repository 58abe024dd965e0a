using System.Diagnostics;
using FastEndpoints;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Infrastructure.Payments.Stripe;
using Scholar.Application.Common;

namespace Scholar.Web.Features.Payments.StripeWebhook;

public sealed record Response(string EventId, string Outcome);

/// <summary>
/// Stripe's webhook: the raw body is verified before anything is parsed or written. Answers 2xx
/// for processed, duplicate and ignored events, 400 for a bad signature, 5xx only for transient
/// failures so that Stripe retries.
/// </summary>
public sealed class Endpoint(StripeWebhookReader reader, StripeEventProcessor processor, StripeDeliveryLog deliveries) : EndpointWithoutRequest<Response>
{
    public const long MaxBodyBytes = 512 * 1024;

    public override void Configure()
    {
        Post("/webhooks/stripe");
        AllowAnonymous();
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        if (HttpContext.Request.ContentLength > MaxBodyBytes)
        {
            throw new BadHttpRequestException("A Stripe event is never this large.", StatusCodes.Status413PayloadTooLarge);
        }

        var started = Stopwatch.GetTimestamp();
        using var body = new StreamReader(HttpContext.Request.Body);
        var json = await body.ReadToEndAsync(ct);

        PaymentEvent stripeEvent;
        try
        {
            stripeEvent = reader.Read(json, HttpContext.Request.Headers["Stripe-Signature"]);
        }
        catch (InvalidStripeWebhookException e)
        {
            await deliveries.RecordAsync("unverified", StatusCodes.Status400BadRequest, "rejected", started, e.Message);
            throw new InputException("invalid-signature", "The webhook's Stripe-Signature did not verify; nothing was recorded.",
                new Dictionary<string, string[]> { ["Stripe-Signature"] = [e.Message] });
        }

        StripeEventOutcome outcome;
        try
        {
            outcome = await processor.HandleAsync(stripeEvent, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stripe will retry: this attempt counts as failed, the retry may succeed.
            await deliveries.RecordAsync(stripeEvent.EventId, StatusCodes.Status500InternalServerError, "error", started, e.GetType().Name);
            throw;
        }

        await deliveries.RecordAsync(stripeEvent.EventId, StatusCodes.Status200OK, outcome.ToString().ToLowerInvariant(), started, null);
        await Send.OkAsync(new Response(stripeEvent.EventId, outcome.ToString().ToLowerInvariant()), ct);
    }

}
