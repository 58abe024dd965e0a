using FastEndpoints;
using FluentValidation;
using Scholar.Application.Ops.DeadLetters;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.DeadLetters;

/// <summary><c>GET /api/ops/dead-letters</c>: dead-lettered outbox messages and failed notifications, newest first.</summary>
public sealed class ListEndpoint(ListDeadLettersHandler handler) : EndpointWithoutRequest<IReadOnlyList<DeadLetterView>>
{
    public override void Configure()
    {
        Get("/api/ops/dead-letters");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct) => await Send.OkAsync(await handler.HandleAsync(ct), ct);
}

public sealed class RetryRequest
{
    /// <summary>The dead letters to retry; absent means every one.</summary>
    public List<Guid>? Ids { get; init; }
}

public sealed class RetryRequestValidator : Validator<RetryRequest>
{
    public const int MaxIds = 500;

    public RetryRequestValidator() =>
        RuleFor(r => r.Ids).Must(ids => ids is null || ids.Count is > 0 and <= MaxIds)
            .WithMessage($"Name 1 to {MaxIds} ids, or leave 'ids' out to retry every dead letter.");
}

/// <summary><c>POST /api/ops/dead-letters/retry {ids?}</c>: queues them again (audited); 409 if an id is not a dead letter.</summary>
public sealed class RetryEndpoint(RetryDeadLettersHandler handler) : Endpoint<RetryRequest, RetryDeadLettersResult>
{
    public override void Configure()
    {
        Post("/api/ops/dead-letters/retry");
        Policies(AuthPolicies.Operator);
        Description(b => b.ProducesProblems(StatusCodes.Status409Conflict));
    }

    public override async Task HandleAsync(RetryRequest req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(new RetryDeadLettersCommand(req.Ids, User.Describe()), ct), ct);
}
