using FastEndpoints;
using FluentValidation;

namespace Scholar.Web.Features.Ops.RefundPayment;

/// <summary><c>amountCents</c> null refunds everything left on the charge.</summary>
public sealed class Request
{
    public const int MaxReasonLength = 500;

    public Guid PaymentId { get; init; }

    public long? AmountCents { get; init; }

    public string Reason { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.AmountCents).GreaterThan(0).When(r => r.AmountCents is not null).WithMessage("must be a positive whole number of cents, or left out to refund everything left.");
        RuleFor(r => r.Reason)
            .NotEmpty().WithMessage("is required: say why the money goes back.")
            .MaximumLength(Request.MaxReasonLength).WithMessage($"must be at most {Request.MaxReasonLength} characters.");
    }
}
