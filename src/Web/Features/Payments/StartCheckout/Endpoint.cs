using FastEndpoints;
using FluentValidation;
using Scholar.Application.Payments.StartCheckout;
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
public sealed class Endpoint(StartCheckoutHandler handler) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/checkout");
        Policies(AuthPolicies.User);
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var email = User.FindFirst("email")?.Value ?? "";
        var started = await handler.HandleAsync(new Application.Payments.StartCheckout.StartCheckout(User.UserId()!.Value, email, req.PackageId), ct);
        await Send.ResponseAsync(new Response(started.PaymentId, started.CheckoutSessionId, started.Url), StatusCodes.Status201Created, ct);
    }
}
