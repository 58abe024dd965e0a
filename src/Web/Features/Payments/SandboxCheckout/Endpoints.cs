using FastEndpoints;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Infrastructure.Payments.Sandbox;
using Scholar.Web.ApiReference;

namespace Scholar.Web.Features.Payments.SandboxCheckout;

public sealed record SessionRoute(string SessionId);

public sealed record Response(string SessionId, string EventId, string EventType, int WebhookStatus, bool Delivered);

/// <summary>The sandbox exists only while the sandbox gateway is in use (Development without a Stripe key).</summary>
internal static class SandboxGuard
{
    public static void EnsureActive(IPaymentGateway gateway)
    {
        if (gateway.Mode != GatewayMode.Sandbox)
        {
            throw new NotFoundException("The sandbox checkout");
        }
    }
}

public sealed class PayEndpoint(IPaymentGateway gateway, Infrastructure.Payments.Sandbox.SandboxCheckout sandbox) : Endpoint<SessionRoute, Response>
{
    public override void Configure()
    {
        Post("/sandbox/checkout/{sessionId}/pay");
        AllowAnonymous();
        Description(Deliveries.Describe);
    }

    public override async Task HandleAsync(SessionRoute req, CancellationToken ct)
    {
        SandboxGuard.EnsureActive(gateway);
        await Deliveries.SendAsync(this, req.SessionId, await sandbox.PayAsync(req.SessionId, ct), ct);
    }
}

public sealed class CancelEndpoint(IPaymentGateway gateway, Infrastructure.Payments.Sandbox.SandboxCheckout sandbox) : Endpoint<SessionRoute, Response>
{
    public override void Configure()
    {
        Post("/sandbox/checkout/{sessionId}/cancel");
        AllowAnonymous();
        Description(Deliveries.Describe);
    }

    public override async Task HandleAsync(SessionRoute req, CancellationToken ct)
    {
        SandboxGuard.EnsureActive(gateway);
        await Deliveries.SendAsync(this, req.SessionId, await sandbox.CancelAsync(req.SessionId, ct), ct);
    }
}

internal static class Deliveries
{
    public static void Describe(RouteHandlerBuilder builder) =>
        builder.Produces<Response>(StatusCodes.Status502BadGateway).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    /// <summary>200 when the webhook accepted the event; 502 with its status when it did not.</summary>
    public static Task SendAsync(Endpoint<SessionRoute, Response> endpoint, string sessionId, SandboxDelivery d, CancellationToken ct)
    {
        var delivered = d.WebhookStatus is >= 200 and < 300;
        return endpoint.HttpContext.Response.SendAsync(
            new Response(sessionId, d.EventId, d.EventType, d.WebhookStatus, delivered),
            delivered ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway,
            cancellation: ct);
    }
}
