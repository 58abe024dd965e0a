using FastEndpoints;
using FluentValidation;

namespace Scholar.Web.Features.Ops;

/// <summary>The optional <c>?limit=</c> of an ops list (alerts, audit log).</summary>
public abstract class ListLimitRequest
{
    [QueryParam]
    public int? Limit { get; init; }
}

/// <summary>A limit, when given, is a whole number from 1 to the list's own maximum.</summary>
public abstract class ListLimitValidator<TRequest> : Validator<TRequest>
    where TRequest : ListLimitRequest
{
    protected ListLimitValidator(int max) =>
        RuleFor(r => r.Limit).InclusiveBetween(1, max).WithMessage($"Must be a whole number from 1 to {max}.");
}
