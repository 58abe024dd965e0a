using System.Net;
using FastEndpoints;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Common;
using Scholar.Infrastructure.Payments.Sandbox;

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

/// <summary>The sandbox's stand-in for Stripe's hosted checkout page.</summary>
public sealed class PageEndpoint(IPaymentGateway gateway, Infrastructure.Payments.Sandbox.SandboxCheckout sandbox) : Endpoint<SessionRoute>
{
    public override void Configure()
    {
        Get("/sandbox/checkout/{sessionId}");
        AllowAnonymous();
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(SessionRoute req, CancellationToken ct)
    {
        SandboxGuard.EnsureActive(gateway);
        var session = await sandbox.GetAsync(req.SessionId, ct);
        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.StringAsync(Page(session), contentType: "text/html; charset=utf-8", cancellation: ct);
    }

    private static string Page(SandboxSession s)
    {
        string E(string v) => WebUtility.HtmlEncode(v);
        var id = E(s.Id);
        var state = s.Status == "open" ? "" : $"<p class=\"state\">This session is <strong>{E(s.Status)}</strong>.</p>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SANDBOX checkout · Scholar</title>
            <style>
              body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f8fa;color:#1b1f24}
              .banner{background:#b35900;color:#fff;padding:.6rem 1rem;font-weight:700;text-align:center}
              main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0002}
              .amount{font-size:2rem;font-weight:700;margin:.25rem 0}
              button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #0b5fff;cursor:pointer;margin-right:.5rem}
              #pay{background:#0b5fff;color:#fff} #cancel{background:#fff;color:#0b5fff}
              #result{margin-top:1rem} .state{color:#57606a}
            </style></head>
            <body>
            <div class="banner" role="status">SANDBOX — no real money moves. Events are signed like Stripe's and sent to /webhooks/stripe.</div>
            <main>
              <h1>{{E(s.PackageName)}}</h1>
              <p class="amount">{{E(Money.Format(s.AmountCents, s.Currency))}}</p>
              <p>{{s.Credits}} credits for {{E(s.CustomerEmail)}}</p>
              <p><small>Session <code>{{id}}</code></small></p>
              {{state}}
              <button id="pay" type="button">Pay (sandbox)</button>
              <button id="cancel" type="button">Cancel</button>
              <p id="result" aria-live="polite"></p>
            </main>
            <script>
              for (const action of ['pay', 'cancel']) {
                document.getElementById(action).addEventListener('click', async () => {
                  const out = document.getElementById('result');
                  out.textContent = 'Sending…';
                  const res = await fetch('/sandbox/checkout/{{id}}/' + action, { method: 'POST' });
                  const body = await res.json();
                  out.textContent = res.ok
                    ? body.eventType + ' delivered; webhook answered ' + body.webhookStatus + '.'
                    : (body.detail || body.title || ('Failed: ' + res.status));
                });
              }
            </script>
            </body></html>
            """;
    }
}

public sealed class PayEndpoint(IPaymentGateway gateway, Infrastructure.Payments.Sandbox.SandboxCheckout sandbox) : Endpoint<SessionRoute, Response>
{
    public override void Configure()
    {
        Post("/sandbox/checkout/{sessionId}/pay");
        AllowAnonymous();
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
    }

    public override async Task HandleAsync(SessionRoute req, CancellationToken ct)
    {
        SandboxGuard.EnsureActive(gateway);
        await Deliveries.SendAsync(this, req.SessionId, await sandbox.CancelAsync(req.SessionId, ct), ct);
    }
}

internal static class Deliveries
{
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
