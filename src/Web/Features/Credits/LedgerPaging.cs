using FastEndpoints;
using FluentValidation;
using Scholar.Application.Credits.GetLedger;

namespace Scholar.Web.Features.Credits;

/// <summary>Query parameters of a ledger page: <c>?limit=50&amp;cursor=…</c>.</summary>
public interface ILedgerPageRequest
{
    int Limit { get; }

    string? Cursor { get; }
}

/// <summary>The paging rules every ledger listing shares.</summary>
public abstract class LedgerPageValidator<TRequest> : Validator<TRequest>
    where TRequest : ILedgerPageRequest
{
    protected LedgerPageValidator()
    {
        RuleFor(r => r.Limit)
            .InclusiveBetween(1, GetLedgerQuery.MaxLimit)
            .WithMessage($"must be between 1 and {GetLedgerQuery.MaxLimit}.");
        RuleFor(r => r.Cursor)
            .MaximumLength(64)
            .WithMessage("is not a cursor this API returned.");
    }
}
