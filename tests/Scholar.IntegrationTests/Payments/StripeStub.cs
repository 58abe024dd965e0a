using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Payments;

public sealed record StripeRequest(string Method, string Path, string Authorization, string? IdempotencyKey, string? StripeVersion, IReadOnlyDictionary<string, string> Form);

/// <summary>Stripe's API as the outside world: records what Stripe.net sends, answers Stripe-shaped JSON.</summary>
public sealed class StripeStub : LoopbackServer
{
    public ConcurrentQueue<StripeRequest> Received { get; } = new();

    public bool Livemode { get; set; }

    /// <summary>What the list routes answer: sessions, refunds, disputes (as Stripe renders them), and charges by id.</summary>
    public ConcurrentQueue<JsonObject> Sessions { get; } = new();

    public ConcurrentQueue<JsonObject> Refunds { get; } = new();

    public ConcurrentQueue<JsonObject> Disputes { get; } = new();

    public ConcurrentDictionary<string, JsonObject> Charges { get; } = new();

    /// <summary>What <c>POST /v1/refunds</c> may still refund.</summary>
    public long RefundableAmount { get; set; } = 1000;

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/checkout/sessions", async context =>
        {
            var request = await RecordAsync(context);
            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = $"cs_test_stub_{Guid.NewGuid():N}",
                ["object"] = "checkout.session",
                ["amount_total"] = long.Parse(request.Form["line_items[0][price_data][unit_amount]"], System.Globalization.CultureInfo.InvariantCulture),
                ["currency"] = request.Form["line_items[0][price_data][currency]"],
                ["client_reference_id"] = request.Form["client_reference_id"],
                ["livemode"] = Livemode,
                ["mode"] = "payment",
                ["payment_status"] = "unpaid",
                ["status"] = "open",
                ["url"] = "https://checkout.stripe.com/c/pay/cs_test_stub",
            }.ToJsonString());
        });
        app.MapGet("/v1/checkout/sessions", context => ListAsync(context, Sessions));
        app.MapGet("/v1/refunds", context => ListAsync(context, Refunds));
        app.MapGet("/v1/disputes", context => ListAsync(context, Disputes));
        app.MapGet("/v1/charges/{id}", async (HttpContext context, string id) =>
        {
            await RecordAsync(context);
            if (!Charges.TryGetValue(id, out var charge))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("""{"error":{"message":"No such charge","type":"invalid_request_error"}}""");
                return;
            }

            await context.Response.WriteAsync(charge.ToJsonString());
        });
        // Refunds: what is left on a charge of RefundableAmount; Stripe's error code when asked for more.
        app.MapPost("/v1/refunds", async context =>
        {
            var request = await RecordAsync(context);
            var amount = request.Form.TryGetValue("amount", out var a) ? long.Parse(a, System.Globalization.CultureInfo.InvariantCulture) : RefundableAmount;
            if (amount > RefundableAmount)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("""{"error":{"code":"amount_too_large","message":"Refund amount is greater than unrefunded amount on charge","type":"invalid_request_error"}}""");
                return;
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["id"] = $"re_stub_{request.IdempotencyKey?.GetHashCode(StringComparison.Ordinal):x}",
                ["object"] = "refund",
                ["amount"] = amount,
                ["payment_intent"] = request.Form["payment_intent"],
                ["status"] = "succeeded",
            }.ToJsonString());
        });
        app.MapGet("/v1/balance", async context =>
        {
            var request = await RecordAsync(context);
            if (request.Authorization != "Bearer sk_test_valid" && request.Authorization != "Bearer sk_live_valid")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsync("""{"error":{"message":"Invalid API Key provided: sk_****","type":"invalid_request_error"}}""");
                return;
            }

            await context.Response.WriteAsync(new JsonObject
            {
                ["object"] = "balance",
                ["available"] = new JsonArray(),
                ["pending"] = new JsonArray(),
                ["livemode"] = Livemode,
            }.ToJsonString());
        });
    }

    private async Task ListAsync(HttpContext context, IEnumerable<JsonObject> items)
    {
        await RecordAsync(context);
        await context.Response.WriteAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. items.Select(i => (JsonNode)i.DeepClone())]),
            ["has_more"] = false,
            ["url"] = context.Request.Path.ToString(),
        }.ToJsonString());
    }

    private async Task<StripeRequest> RecordAsync(HttpContext context)
    {
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : [];
        var request = new StripeRequest(
            context.Request.Method,
            context.Request.Path,
            context.Request.Headers.Authorization.ToString(),
            context.Request.Headers["Idempotency-Key"].FirstOrDefault(),
            context.Request.Headers["Stripe-Version"].FirstOrDefault(),
            form);
        Received.Enqueue(request);
        context.Response.ContentType = "application/json";
        return request;
    }
}
