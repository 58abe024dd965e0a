using FastEndpoints;
using FluentValidation;
using Scholar.Domain.Credits;

namespace Scholar.Web.Features.Credits.ConsumeCredits;

public sealed record Request(long Amount, string Reason);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Amount)
            .InclusiveBetween(1, LedgerEntry.MaxDelta)
            .WithMessage($"must be a whole number of credits from 1 to {LedgerEntry.MaxDelta}.");
        RuleFor(r => r.Reason)
            .NotEmpty().WithMessage("is required: say what the credits pay for.")
            .MaximumLength(LedgerEntry.MaxReasonLength).WithMessage($"must be at most {LedgerEntry.MaxReasonLength} characters.");
    }
}
