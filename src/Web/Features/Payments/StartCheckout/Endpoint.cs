using FastEndpoints;
using FluentValidation;
using Scholar.Application.Payments.StartCheckout;
using Scholar.Web.ApiReference;
using Scholar.Web.Idempotency;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Payments.StartCheckout;

public sealed record Request(string PackageId);

public sealed record Response(Guid PaymentId, string CheckoutSessionId, string Url);

public sealed class RequestValidator : Validator<Request>
{
    public RequestValidator() =>
        RuleFor(r => r.PackageId).NotEmpty().WithMessage("packageId is required; see GET /api/packages.").MaximumLength(64);
}

/// <summary>Starts a Checkout for one package; the price comes from the server's catalog.</summary>
public sealed class Endpoint(StartCheckoutHandler handler, IdempotentResponder idempotency) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/checkout");
        Policies(AuthPolicies.User);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<Response>(StatusCodes.Status201Created)
            .AcceptsIdempotencyKey(required: false)
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var command = new Application.Payments.StartCheckout.StartCheckout(User.RequiredUserId(), req.PackageId);

        // The key is optional here: with one, a retried checkout returns the same payment and session.
        if (HttpContext.Request.Headers.ContainsKey(IdempotentResponder.HeaderName))
        {
            await idempotency.SendAsync(HttpContext, req, StatusCodes.Status201Created, c => StartAsync(command, c), ct);
            return;
        }

        await Send.ResponseAsync(await StartAsync(command, ct), StatusCodes.Status201Created, ct);
    }

    private async Task<Response> StartAsync(Application.Payments.StartCheckout.StartCheckout command, CancellationToken ct)
    {
        var started = await handler.HandleAsync(command, ct);
        return new Response(started.PaymentId, started.CheckoutSessionId, started.Url);
    }
}
