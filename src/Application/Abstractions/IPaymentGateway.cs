namespace Scholar.Application.Abstractions;

public enum GatewayMode
{
    /// <summary>The local sandbox: Stripe-shaped, no money moves.</summary>
    Sandbox,
    Test,
    Live,
}

public sealed record CheckoutSessionRequest(
    Guid PaymentId,
    Guid UserId,
    string PackageId,
    string PackageName,
    int Credits,
    long AmountCents,
    string Currency,
    string CustomerEmail);

public sealed record CheckoutSessionCreated(string SessionId, string Url);

/// <summary>A Checkout Session as the gateway reports it (for reconciliation and evidence).</summary>
public sealed record GatewaySession(
    string Id,
    string Status,
    string PaymentStatus,
    long? AmountTotal,
    string? Currency,
    string? PaymentIntentId,
    bool Livemode,
    Guid? PaymentId,
    DateTimeOffset Created);

/// <summary>The charge behind a paid session, as the provider reports it (evidence bundle, DESIGN.md 8.5).</summary>
public sealed record GatewayCharge(string Id, long Amount, string Currency, string Status, bool Livemode, DateTimeOffset Created, string? ReceiptUrl);

public sealed record GatewayPaymentEvidence(GatewaySession Session, GatewayCharge? Charge);

/// <summary>A dispute as the provider reports it now.</summary>
public sealed record GatewayDispute(string Id, string ChargeId, string? PaymentIntentId, long Amount, string Status, bool Livemode);

/// <summary>A charge's refunds as the provider reports them now: the cumulative refunded amount.</summary>
public sealed record GatewayRefundedCharge(string ChargeId, string? PaymentIntentId, long AmountRefunded, bool Livemode);

/// <summary>Refunds and disputes the provider knows of since a moment (for reconciliation).</summary>
public sealed record GatewayChargeFacts(IReadOnlyList<GatewayRefundedCharge> RefundedCharges, IReadOnlyList<GatewayDispute> Disputes);

/// <summary>
/// A refund to ask the provider for; <c>AmountCents</c> null refunds everything left on the charge (which
/// may differ from the package price for a payment put aside for review). A retry with the same
/// idempotency key returns the same refund, never a second one.
/// </summary>
public sealed record GatewayRefundRequest(Guid PaymentId, string PaymentIntentId, long? AmountCents, string Reason, string IdempotencyKey);

/// <summary>A refund as the provider created it; <c>Status</c> as Stripe spells it (<c>pending</c>, <c>succeeded</c>, …).</summary>
public sealed record GatewayRefund(string Id, long AmountCents, string Status);

public sealed record GatewayKeyCheck(string KeyKind, bool Succeeded, bool? Livemode, string? Error);

/// <summary>The payment provider: Stripe, or the local sandbox that behaves like it.</summary>
public interface IPaymentGateway
{
    GatewayMode Mode { get; }

    /// <summary>Creates a hosted checkout; the payment id is the provider-side idempotency key.</summary>
    Task<CheckoutSessionCreated> CreateCheckoutSessionAsync(CheckoutSessionRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<GatewaySession>> ListCompletedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Charges refunded and disputes opened since <paramref name="since"/>, each as it stands now.</summary>
    Task<GatewayChargeFacts> ListChargeFactsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>A cheap authenticated call that proves the key works and tells its mode.</summary>
    Task<GatewayKeyCheck> CheckKeyAsync(CancellationToken cancellationToken);

    /// <summary>The session and its charge, fetched from the provider now; null when the provider does not know the session.</summary>
    Task<GatewayPaymentEvidence?> GetPaymentEvidenceAsync(string checkoutSessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the provider to refund part or all of a charge. The credits are not touched here: the
    /// provider's <c>charge.refunded</c> webhook reverses them, as for any refund.
    /// </summary>
    /// <exception cref="RefundRefusedException">The charge has less left to refund than asked.</exception>
    Task<GatewayRefund> RefundAsync(GatewayRefundRequest request, CancellationToken cancellationToken);
}

/// <summary>The provider could not be reached or refused the call; the caller may retry.</summary>
public sealed class PaymentGatewayException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The provider refused a refund because the charge has less left to refund than asked.</summary>
public sealed class RefundRefusedException(string message, Exception? inner = null) : Exception(message, inner);
