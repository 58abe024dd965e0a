using FastEndpoints;
using FluentValidation;
using Scholar.Domain.Credits;

namespace Scholar.Web.Features.Credits.RecordEntry;

/// <summary>Kind is <c>adjustment</c> (either sign, never overdraws) or <c>grant</c> (positive).</summary>
public sealed record Request(Guid UserId, long Delta, string Kind, string Reason);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.UserId).NotEmpty().WithMessage("is required.");
        RuleFor(r => r.Delta)
            .Must(d => d is not 0 and >= -LedgerEntry.MaxDelta and <= LedgerEntry.MaxDelta)
            .WithMessage($"must be a non-zero whole number of credits between -{LedgerEntry.MaxDelta} and {LedgerEntry.MaxDelta}.");
        RuleFor(r => r.Kind)
            .Must(k => LedgerEntryKinds.TryParseWireName(k, out var kind) && kind is LedgerEntryKind.Adjustment or LedgerEntryKind.Grant)
            .WithMessage("must be \"adjustment\" or \"grant\".");
        RuleFor(r => r.Delta)
            .GreaterThan(0)
            .When(r => r.Kind == "grant")
            .WithMessage("must be positive for a grant; use an adjustment to take credits away.");
        RuleFor(r => r.Reason)
            .NotEmpty().WithMessage("is required: say why the credits move.")
            .MaximumLength(LedgerEntry.MaxReasonLength).WithMessage($"must be at most {LedgerEntry.MaxReasonLength} characters.");
    }
}
