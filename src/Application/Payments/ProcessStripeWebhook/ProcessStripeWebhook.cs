using System.Diagnostics;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Ops;

namespace Scholar.Application.Payments.ProcessStripeWebhook;

/// <summary>One delivery to <c>/webhooks/stripe</c>: the raw body and its <c>Stripe-Signature</c> header.</summary>
public sealed record StripeWebhook(string Body, string? Signature);

/// <summary>Either the event was taken (<see cref="Outcome"/> names what it did) or it was refused (<see cref="Rejection"/>).</summary>
public sealed record StripeWebhookResult(string? EventId, string? Outcome, InvalidStripeWebhookException? Rejection);

/// <summary>
/// Stripe's webhook as one use case: verify, process in one transaction, and measure the delivery for
/// the Stripe hop's success rate (refusals counted per minute, accepted deliveries one row each, written
/// in the processing transaction; a failed one after its rollback).
/// Transient failures propagate so the endpoint answers 5xx and Stripe retries.
/// </summary>
public sealed class ProcessStripeWebhookHandler(
    IStripeWebhookReader reader, StripeEventProcessor processor, ITransactionRunner transactions, IInboundDeliveryLog deliveries)
{
    private const string Hop = DeliveryHops.StripeToProviderRegister;

    public async Task<StripeWebhookResult> HandleAsync(StripeWebhook webhook, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        PaymentEvent stripeEvent;
        try
        {
            stripeEvent = reader.Read(webhook.Body, webhook.Signature);
        }
        catch (InvalidStripeWebhookException e)
        {
            await deliveries.CountRejectedAsync(Hop, e.Code, 400);
            ScholarMeters.WebhookOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", e.Code));
            return new StripeWebhookResult(null, null, e);
        }

        string outcome;
        try
        {
            // The delivery's row commits with the event's effect: one commit (and one WAL flush) per delivery.
            outcome = await transactions.ExecuteAsync(
                async c =>
                {
                    var done = await processor.HandleAsync(stripeEvent, c);
                    deliveries.RecordInUnit(Hop, stripeEvent.EventId, 200, done, started);
                    return done;
                },
                ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Stripe will retry: this attempt counts as failed, the retry may succeed.
            await deliveries.RecordAsync(Hop, stripeEvent.EventId, 500, "error", started, e.GetType().Name);
            ScholarMeters.WebhookOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", "error"));
            throw;
        }

        ScholarMeters.WebhookOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        return new StripeWebhookResult(stripeEvent.EventId, outcome, null);
    }
}
