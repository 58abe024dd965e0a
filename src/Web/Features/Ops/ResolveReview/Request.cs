using FastEndpoints;
using FluentValidation;

namespace Scholar.Web.Features.Ops.ResolveReview;

/// <summary><c>decision</c> is <c>fulfil</c> or <c>refund</c>.</summary>
public sealed class Request
{
    public const int MaxReasonLength = 500;

    public Guid PaymentId { get; init; }

    public string Decision { get; init; } = "";

    public string Reason { get; init; } = "";
}

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Decision).Must(d => d is "fulfil" or "refund").WithMessage("must be \"fulfil\" or \"refund\".");
        RuleFor(r => r.Reason)
            .NotEmpty().WithMessage("is required: say why.")
            .MaximumLength(Request.MaxReasonLength).WithMessage($"must be at most {Request.MaxReasonLength} characters.");
    }
}
