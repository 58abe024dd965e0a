using FastEndpoints;
using FluentValidation;
using Scholar.Application.Ops.Reconcile;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.Reconcile;

public sealed class Request
{
    public DateTimeOffset? Since { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => RuleFor(r => r.Since).NotNull().WithMessage("is required: an ISO 8601 instant.");
}

/// <summary><c>POST /api/ops/reconcile {since}</c>: brings in what the provider reports since then → <c>{checked, fulfilled, reversed}</c>.</summary>
public sealed class Endpoint(ReconcileHandler handler) : Endpoint<Request, ReconcileSummary>
{
    public override void Configure()
    {
        Post("/api/ops/reconcile");
        Policies(AuthPolicies.Operator);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.OkAsync(await handler.HandleAsync(new ReconcileCommand(User.Describe(), req.Since!.Value), ct), ct);
}
