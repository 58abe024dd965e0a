using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;
using Stripe;
using Stripe.Checkout;

namespace Scholar.Infrastructure.Payments.Stripe;

/// <summary>
/// Stripe Checkout through Stripe.net's <see cref="IStripeClient"/> (built on an
/// <c>IHttpClientFactory</c> client — no static API key). The payment id is Stripe's idempotency key,
/// the session's <c>client_reference_id</c> and part of its metadata.
/// </summary>
public sealed class StripeGateway(IStripeClient stripe, StripeSettings settings) : IPaymentGateway
{
    public GatewayMode Mode => StripeKeys.IsLiveSecret(StripeKeys.KindOf(settings.SecretKey)) ? GatewayMode.Live : GatewayMode.Test;

    public async Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            ["payment_id"] = request.PaymentId.ToString(),
            ["user_id"] = request.UserId.ToString(),
            ["package_id"] = request.PackageId,
            ["customer_email"] = request.CustomerEmail,
        };
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.PaymentId.ToString(),
            CustomerEmail = request.CustomerEmail,
            SuccessUrl = settings.SuccessUrlFor(request.PaymentId),
            CancelUrl = settings.CancelUrlFor(request.PaymentId),
            Metadata = metadata,
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = metadata },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = request.Currency,
                        UnitAmount = request.AmountCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions
                        {
                            Name = request.PackageName,
                            Description = $"{request.Credits} Scholar credits",
                        },
                    },
                },
            ],
        };

        try
        {
            var session = await new SessionService(stripe).CreateAsync(
                options, new RequestOptions { IdempotencyKey = request.PaymentId.ToString() }, cancellationToken);
            return new CheckoutSessionCreated(session.Id, session.Url);
        }
        catch (StripeException e)
        {
            // Stripe's message is safe to keep (it never echoes the key); the key itself is not.
            throw new PaymentGatewayException($"Stripe refused to create the checkout session: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", e);
        }
    }

    public async Task<IReadOnlyList<GatewaySession>> ListCompletedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var service = new SessionService(stripe);
        var result = new List<GatewaySession>();
        var options = new SessionListOptions { Created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime }, Status = "complete", Limit = 100 };
        await foreach (var s in service.ListAutoPagingAsync(options, cancellationToken: cancellationToken))
        {
            result.Add(ToGatewaySession(s));
        }

        return result;
    }

    public async Task<GatewayChargeFacts> ListChargeFactsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var created = new DateRangeOptions { GreaterThanOrEqual = since.UtcDateTime };
        try
        {
            // A refund names its charge; the charge tells the cumulative amount refunded, which is the fact.
            var chargeIds = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var refund in new RefundService(stripe).ListAutoPagingAsync(
                new RefundListOptions { Created = created, Limit = 100 }, cancellationToken: cancellationToken))
            {
                if (refund.ChargeId is { } chargeId)
                {
                    chargeIds.Add(chargeId);
                }
            }

            var charges = new List<GatewayRefundedCharge>();
            foreach (var chargeId in chargeIds)
            {
                var c = await new ChargeService(stripe).GetAsync(chargeId, cancellationToken: cancellationToken);
                charges.Add(new GatewayRefundedCharge(c.Id, c.PaymentIntentId, c.AmountRefunded, c.Livemode));
            }

            var disputes = new List<GatewayDispute>();
            await foreach (var d in new DisputeService(stripe).ListAutoPagingAsync(
                new DisputeListOptions { Created = created, Limit = 100 }, cancellationToken: cancellationToken))
            {
                disputes.Add(new GatewayDispute(d.Id, d.ChargeId, d.PaymentIntentId, d.Amount, d.Status, d.Livemode));
            }

            return new GatewayChargeFacts(charges, disputes);
        }
        catch (StripeException e)
        {
            throw new PaymentGatewayException($"Stripe refused to list refunds and disputes: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", e);
        }
    }

    public async Task<GatewayKeyCheck> CheckKeyAsync(CancellationToken cancellationToken)
    {
        var kind = StripeKeys.Label(StripeKeys.KindOf(settings.SecretKey));
        try
        {
            var balance = await new BalanceService(stripe).GetAsync(cancellationToken: cancellationToken);
            return new GatewayKeyCheck(kind, true, balance.Livemode, null);
        }
        catch (StripeException e)
        {
            return new GatewayKeyCheck(kind, false, null, e.StripeError?.Message ?? e.Message);
        }
        catch (HttpRequestException)
        {
            return new GatewayKeyCheck(kind, false, null, "Stripe could not be reached.");
        }
    }

    public async Task<GatewayPaymentEvidence?> GetPaymentEvidenceAsync(string checkoutSessionId, CancellationToken cancellationToken)
    {
        try
        {
            var s = await new SessionService(stripe).GetAsync(checkoutSessionId,
                new SessionGetOptions { Expand = ["payment_intent.latest_charge"] }, cancellationToken: cancellationToken);
            var session = ToGatewaySession(s);
            var c = s.PaymentIntent?.LatestCharge;
            var charge = c is null
                ? null
                : new GatewayCharge(c.Id, c.Amount, c.Currency, c.Status, c.Livemode, new DateTimeOffset(c.Created, TimeSpan.Zero), c.ReceiptUrl);
            return new GatewayPaymentEvidence(session, charge);
        }
        catch (StripeException e) when (e.HttpStatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (StripeException e)
        {
            throw new PaymentGatewayException($"Stripe refused to return the session: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", e);
        }
    }

    public async Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        var options = new RefundCreateOptions
        {
            PaymentIntent = request.PaymentIntentId,
            Amount = request.AmountCents,
            Reason = "requested_by_customer",
            Metadata = new Dictionary<string, string> { ["payment_id"] = request.PaymentId.ToString(), ["operator_reason"] = request.Reason },
        };
        try
        {
            var refund = await new RefundService(stripe).CreateAsync(
                options, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return new GatewayRefund(refund.Id, refund.Amount, refund.Status);
        }
        catch (StripeException e) when (e.StripeError?.Code is "charge_already_refunded" or "amount_too_large")
        {
            throw new RefundRefusedException($"Stripe refused the refund: {e.StripeError.Message ?? e.Message}", e);
        }
        catch (StripeException e)
        {
            throw new PaymentGatewayException($"Stripe refused the refund: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", e);
        }
    }

    private static GatewaySession ToGatewaySession(Session s) =>
        new(s.Id, s.Status, s.PaymentStatus, s.AmountTotal, s.Currency, s.PaymentIntentId, s.Livemode,
            Guid.TryParse(s.ClientReferenceId, out var id) ? id : null, new DateTimeOffset(s.Created, TimeSpan.Zero));
}
