using System.Net;
using FastEndpoints;

namespace Scholar.Web.Features.Payments.CheckoutReturn;

/// <summary>
/// Where Stripe (or the sandbox) sends the student back when CHECKOUT_SUCCESS_URL / CHECKOUT_CANCEL_URL
/// are not set. Credits arrive with the webhook, not with this page, so it says so.
/// </summary>
public sealed class SuccessEndpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/checkout/success");
        AllowAnonymous();
        Description(b => b.ClearDefaultAccepts().ClearDefaultProduces(StatusCodes.Status204NoContent).Produces<string>(StatusCodes.Status200OK, "text/html"));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.StringAsync(ReturnPage.Render("Payment received",
            "Thank you. Your credits are added as soon as the payment is confirmed — usually within seconds — and a receipt is on its way by email.",
            Query<string>("session_id", isRequired: false)), contentType: "text/html; charset=utf-8", cancellation: ct);
}

public sealed class CancelledEndpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/checkout/cancelled");
        AllowAnonymous();
        Description(b => b.ClearDefaultAccepts().ClearDefaultProduces(StatusCodes.Status204NoContent).Produces<string>(StatusCodes.Status200OK, "text/html"));
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.StringAsync(ReturnPage.Render("Checkout cancelled", "No payment was taken. You can start a new checkout at any time.", null),
            contentType: "text/html; charset=utf-8", cancellation: ct);
}

internal static class ReturnPage
{
    public static string Render(string title, string message, string? sessionId) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}} · Scholar</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1b1f24}
        main{max-width:32rem;margin:3rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0002}</style></head>
        <body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(message)}}</p>
        {{(sessionId is null ? "" : $"<p><small>Reference: <code>{WebUtility.HtmlEncode(sessionId)}</code></small></p>")}}
        </main></body></html>
        """;
}
