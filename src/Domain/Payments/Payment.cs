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

    public long RefundedCents { get; private set; }

    /// <summary>Credits already taken back for refunds (never more than <see cref="Credits"/>).</summary>
    public int CreditsReversedForRefunds { get; private set; }

    public string? DisputeId { get; private set; }

    public int DisputeCreditsReversed { get; private set; }

    public bool DisputeClosed { get; private set; }

    public string? ReviewReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FulfilledAt { get; private set; }

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

    /// <summary>
    /// Stripe reports the charge's cumulative refunded amount. Returns the credits to take back now:
    /// the package's credits in proportion to the refunded amount, minus what was already taken back,
    /// so repeated or out-of-order refund events never reverse twice.
    /// </summary>
    public int ApplyRefund(string chargeId, long amountRefundedCents, DateTimeOffset now)
    {
        if (Status is not (PaymentStatus.Fulfilled or PaymentStatus.PartiallyRefunded or PaymentStatus.Refunded or PaymentStatus.Disputed))
        {
            return 0;
        }

        ChargeId = chargeId;
        if (amountRefundedCents <= RefundedCents)
        {
            return 0;
        }

        RefundedCents = Math.Min(amountRefundedCents, AmountCents);
        var target = (int)(Credits * RefundedCents / AmountCents);
        var delta = target - CreditsReversedForRefunds;
        CreditsReversedForRefunds = target;
        if (Status != PaymentStatus.Disputed || DisputeClosed)
        {
            Status = RefundedCents >= AmountCents ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded;
        }

        UpdatedAt = now;
        return delta;
    }

    /// <summary>Credits still held from this purchase (what a dispute takes back).</summary>
    public int CreditsOutstanding => Credits - CreditsReversedForRefunds;

    /// <summary>
    /// A dispute takes back the credits still held. Returns the ledger delta (≤ 0). Knowing a dispute
    /// id already (open or closed) makes a repeated or late "created" event a no-op.
    /// </summary>
    public int OpenDispute(string disputeId, string chargeId, DateTimeOffset now)
    {
        if (DisputeId == disputeId || !IsSettled || Status == PaymentStatus.NeedsReview)
        {
            return 0;
        }

        DisputeId = disputeId;
        ChargeId = chargeId;
        DisputeCreditsReversed = CreditsOutstanding;
        Status = PaymentStatus.Disputed;
        UpdatedAt = now;
        return -DisputeCreditsReversed;
    }

    /// <summary>
    /// Closes a dispute and returns the ledger delta: a won dispute gives back what was taken, a lost
    /// one keeps it. A "closed" event that arrives before "created" settles both at once.
    /// </summary>
    public int CloseDispute(string disputeId, string chargeId, bool won, DateTimeOffset now)
    {
        if (DisputeClosed && DisputeId == disputeId)
        {
            return 0;
        }

        var delta = 0;
        if (DisputeId != disputeId)
        {
            // Never saw "created": nothing was taken; a lost dispute takes it now.
            DisputeId = disputeId;
            ChargeId = chargeId;
            DisputeCreditsReversed = won ? 0 : CreditsOutstanding;
            delta = -DisputeCreditsReversed;
        }
        else if (won)
        {
            delta = DisputeCreditsReversed;
        }

        DisputeClosed = true;
        Status = !won ? PaymentStatus.Disputed
            : RefundedCents == 0 ? PaymentStatus.Fulfilled
            : RefundedCents >= AmountCents ? PaymentStatus.Refunded
            : PaymentStatus.PartiallyRefunded;
        UpdatedAt = now;
        return delta;
    }
}
