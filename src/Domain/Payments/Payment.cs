using Scholar.Domain.Common;

namespace Scholar.Domain.Payments;

/// <summary>
/// One attempt to buy a package. Stripe's events move it forward; they may arrive in any order and
/// any number of times, so every transition is decided from the state Stripe reports (paid, failed,
/// expired, refunded amount, dispute outcome), never from the sequence of events.
/// </summary>
public sealed class Payment
{
    private Payment()
    {
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string PackageId { get; private set; } = "";

    public int Credits { get; private set; }

    public long AmountCents { get; private set; }

    public string Currency { get; private set; } = "";

    public string CustomerEmail { get; private set; } = "";

    public PaymentStatus Status { get; private set; }

    public string? CheckoutSessionId { get; private set; }

    public string? CheckoutUrl { get; private set; }

    public string? PaymentIntentId { get; private set; }

    public string? ChargeId { get; private set; }

    public bool Livemode { get; private set; }

    /// <summary>Set when the sandbox gateway created the session: no real money moves.</summary>
    public bool Sandbox { get; private set; }

    /// <summary>The charge's refunded amount: the largest cumulative figure Stripe has reported.</summary>
    public long RefundedCents { get; private set; }

    /// <summary>Credits taken back so far for refunds and disputes (a won dispute gives its part back).</summary>
    public int CreditsReversed { get; private set; }

    /// <summary>The charge's dispute, if any (a charge has at most one).</summary>
    public string? DisputeId { get; private set; }

    public long DisputeAmountCents { get; private set; }

    public DisputeState? DisputeState { get; private set; }

    public string? ReviewReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FulfilledAt { get; private set; }

    /// <summary>When Stripe first reported the payment paid (fulfilled or put aside for review).</summary>
    public DateTimeOffset? PaidAt { get; private set; }

    /// <summary>The ledger source id of the purchase entry (kind purchase, source stripe).</summary>
    public string PurchaseSourceId => Id.ToString();

    /// <summary>
    /// The ledger source id of a reversal caused by one Stripe event: every clawback or release is its
    /// own entry, named by the payment and the event, so the payment's trail is one prefix.
    /// </summary>
    public string ReversalSourceId(string eventId) => $"{Id}:{eventId}";

    /// <summary>Every ledger entry this payment caused has <see cref="PurchaseSourceId"/> or a source id starting with this.</summary>
    public string ReversalSourcePrefix => $"{Id}:";

    public static Payment Start(Guid userId, CreditPackage package, string customerEmail, bool livemode, bool sandbox, DateTimeOffset now)
    {
        if (!package.Active)
        {
            throw new DomainException("package-unavailable", $"Package '{package.Id}' is not for sale.");
        }

        return new Payment
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            PackageId = package.Id,
            Credits = package.Credits,
            AmountCents = package.PriceCents,
            Currency = package.Currency,
            CustomerEmail = customerEmail,
            Status = PaymentStatus.Pending,
            Livemode = livemode,
            Sandbox = sandbox,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public void AttachCheckoutSession(string sessionId, string url, DateTimeOffset now)
    {
        CheckoutSessionId = sessionId;
        CheckoutUrl = url;
        UpdatedAt = now;
    }

    /// <summary>Once money has been taken (or looked at by a person) the payment is settled.</summary>
    public bool IsSettled => Status is not (PaymentStatus.Pending or PaymentStatus.Failed or PaymentStatus.Expired);

    /// <summary>
    /// Stripe says the session is paid. Returns true exactly once: when the credits must be granted.
    /// A paid amount or currency that differs from the package puts the payment aside for a person.
    /// </summary>
    public bool MarkPaid(long amountPaidCents, string currency, string? paymentIntentId, bool livemode, DateTimeOffset now)
    {
        if (IsSettled)
        {
            return false;
        }

        PaymentIntentId = paymentIntentId ?? PaymentIntentId;
        Livemode = livemode;
        UpdatedAt = now;
        PaidAt ??= now;
        if (amountPaidCents != AmountCents || !string.Equals(currency, Currency, StringComparison.OrdinalIgnoreCase))
        {
            Status = PaymentStatus.NeedsReview;
            ReviewReason = $"Stripe reported {amountPaidCents} {currency.ToUpperInvariant()} but package '{PackageId}' costs {AmountCents} {Currency.ToUpperInvariant()}.";
            return false;
        }

        Status = PaymentStatus.Fulfilled;
        FulfilledAt = now;
        return true;
    }

    /// <summary>The payment failed. Never undoes a payment that was paid.</summary>
    public void MarkFailed(DateTimeOffset now)
    {
        if (Status is PaymentStatus.Pending or PaymentStatus.Expired)
        {
            Status = PaymentStatus.Failed;
            UpdatedAt = now;
        }
    }

    /// <summary>The session expired unpaid. A failure already recorded says more, so it stays.</summary>
    public void MarkExpired(DateTimeOffset now)
    {
        if (Status is PaymentStatus.Pending)
        {
            Status = PaymentStatus.Expired;
            UpdatedAt = now;
        }
    }

    /// <summary>Cents of the charge not refunded yet; zero while no money was taken.</summary>
    public long RefundableCents => PaidAt is null || PaymentIntentId is null ? 0 : AmountCents - RefundedCents;

    /// <summary>
    /// A person decided that a payment put aside for review is good: the credits are granted now, and
    /// the refunds and disputes already reported are set against them. Returns that reversal's ledger delta.
    /// </summary>
    public int FulfilAfterReview(DateTimeOffset now)
    {
        EnsureInReview();
        Status = PaymentStatus.Fulfilled;
        FulfilledAt = now;
        return Settle(now);
    }

    /// <summary>A person decided that a payment put aside for review is refunded in full; no credits were ever granted.</summary>
    public void RefundAfterReview(DateTimeOffset now)
    {
        EnsureInReview();
        Status = PaymentStatus.Refunded;
        UpdatedAt = now;
    }

    private void EnsureInReview()
    {
        if (Status != PaymentStatus.NeedsReview)
        {
            throw new DomainException("not-in-review", $"Payment {Id} is {Status.ToContract()}, not needs_review: there is nothing to resolve.");
        }
    }

    /// <summary>True once the purchase's credits were granted: only then is there anything to take back.</summary>
    public bool CreditsGranted => FulfilledAt is not null;

    /// <summary>
    /// Stripe reports the charge's cumulative refunded amount (events may arrive in any order, so the
    /// largest figure wins). Returns the ledger delta that brings the credits in line with the facts.
    /// </summary>
    public int RecordRefund(string chargeId, long amountRefundedCents, DateTimeOffset now)
    {
        ChargeId ??= chargeId;
        RefundedCents = Math.Clamp(Math.Max(RefundedCents, amountRefundedCents), 0, AmountCents);
        return Settle(now);
    }

    /// <summary>
    /// Stripe reports the charge's dispute. A closed dispute (won or lost) is final: a late "created"
    /// never reopens it. A second dispute on one charge is not something Stripe does; it is refused.
    /// Returns the ledger delta that brings the credits in line with the facts.
    /// </summary>
    public int RecordDispute(string disputeId, string chargeId, long amountCents, DisputeState state, DateTimeOffset now)
    {
        if (DisputeId is not null && DisputeId != disputeId)
        {
            throw new DomainException("second-dispute", $"Payment {Id} already has dispute {DisputeId}; {disputeId} needs a person.");
        }

        ChargeId ??= chargeId;
        DisputeId = disputeId;
        DisputeAmountCents = Math.Clamp(amountCents, 0, AmountCents);
        if (DisputeState is not (Payments.DisputeState.Won or Payments.DisputeState.Lost))
        {
            DisputeState = state;
        }

        return Settle(now);
    }

    /// <summary>Cents the business no longer keeps: refunds, plus the disputed amount while the dispute is open or lost.</summary>
    public long ReversedCents =>
        Math.Min(AmountCents, RefundedCents + (DisputeState is Payments.DisputeState.Open or Payments.DisputeState.Lost ? DisputeAmountCents : 0));

    /// <summary>
    /// The credits that must be taken back for <see cref="ReversedCents"/>: the package's credits in
    /// proportion, rounded to the nearest credit, halves taken back (ADR 0013). A full reversal is
    /// always every credit; nothing was granted, nothing is taken.
    /// </summary>
    public int TargetCreditsReversed => CreditsGranted ? (int)((2 * Credits * ReversedCents + AmountCents) / (2 * AmountCents)) : 0;

    /// <summary>
    /// Applies the facts known now: the status follows from them, and the returned delta (target minus
    /// what was already taken back, negated) is what the ledger must record so the credits match. The
    /// same facts in any order end in the same status and the same total.
    /// </summary>
    private int Settle(DateTimeOffset now)
    {
        var delta = CreditsReversed - TargetCreditsReversed;
        CreditsReversed = TargetCreditsReversed;
        if (CreditsGranted && Status != PaymentStatus.NeedsReview)
        {
            Status = DisputeState is Payments.DisputeState.Open or Payments.DisputeState.Lost ? PaymentStatus.Disputed
                : RefundedCents >= AmountCents ? PaymentStatus.Refunded
                : RefundedCents > 0 ? PaymentStatus.PartiallyRefunded
                : PaymentStatus.Fulfilled;
        }

        UpdatedAt = now;
        return delta;
    }
}

/// <summary>A dispute as Stripe reports it: open while it runs, then won or lost for good.</summary>
public enum DisputeState
{
    Open,
    Won,
    Lost,
}
