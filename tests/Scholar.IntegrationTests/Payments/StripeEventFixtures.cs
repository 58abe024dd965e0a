namespace Scholar.IntegrationTests.Payments;

/// <summary>
/// Events as Stripe renders them in two API versions other than the one Stripe.net pins: an account
/// created in 2020 (<c>2020-08-27</c>: charges embed their refunds, disputes embed balance transactions)
/// and one on <c>2025-06-30.basil</c>. Trimmed copies of real payloads' shapes, with the ids a test
/// needs put in by <see cref="Render"/>. Fields Scholar does not read are left in on purpose.
/// </summary>
public static class StripeEventFixtures
{
    public static readonly string[] ApiVersions = ["2020-08-27", "2025-06-30.basil"];

    public static string Render(string template, string eventId, string sessionId, Guid paymentId, string paymentIntent, string charge, string dispute = "dp_fixture") =>
        template.Replace("{{event}}", eventId, StringComparison.Ordinal)
            .Replace("{{session}}", sessionId, StringComparison.Ordinal)
            .Replace("{{payment}}", paymentId.ToString(), StringComparison.Ordinal)
            .Replace("{{pi}}", paymentIntent, StringComparison.Ordinal)
            .Replace("{{charge}}", charge, StringComparison.Ordinal)
            .Replace("{{dispute}}", dispute, StringComparison.Ordinal)
            .Replace("{{created}}", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static string Completed(string apiVersion) => apiVersion switch
    {
        "2020-08-27" => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2020-08-27", "created": {{created}},
              "data": { "object": {
                "id": "{{session}}", "object": "checkout.session", "allow_promotion_codes": null, "amount_subtotal": 1000,
                "amount_total": 1000, "billing_address_collection": null, "cancel_url": "https://scholar.test/pilot",
                "client_reference_id": "{{payment}}", "currency": "usd", "customer": "cus_J1a2b3", "customer_details": {
                  "email": "student@example.com", "tax_exempt": "none", "tax_ids": [] },
                "customer_email": "student@example.com", "livemode": false, "locale": null,
                "metadata": { "payment_id": "{{payment}}", "package_id": "standard-120" }, "mode": "payment",
                "payment_intent": "{{pi}}", "payment_method_types": ["card"], "payment_status": "paid",
                "setup_intent": null, "shipping": null, "shipping_address_collection": null, "submit_type": null,
                "subscription": null, "success_url": "https://scholar.test/pilot/purchases/{{payment}}",
                "total_details": { "amount_discount": 0, "amount_shipping": 0, "amount_tax": 0 } } },
              "livemode": false, "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null }, "type": "checkout.session.completed"
            }
            """,
        _ => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2025-06-30.basil", "created": {{created}},
              "data": { "object": {
                "id": "{{session}}", "object": "checkout.session", "adaptive_pricing": { "enabled": true },
                "after_expiration": null, "allow_promotion_codes": null, "amount_subtotal": 1000, "amount_total": 1000,
                "automatic_tax": { "enabled": false, "liability": null, "provider": null, "status": null },
                "client_reference_id": "{{payment}}", "client_secret": null, "collected_information": { "shipping_details": null },
                "created": {{created}}, "currency": "usd", "currency_conversion": null, "customer": null,
                "customer_creation": "if_required", "customer_details": { "address": { "country": "US" },
                  "email": "student@example.com", "name": "Ada", "phone": null, "tax_exempt": "none", "tax_ids": [] },
                "discounts": [], "expires_at": {{created}}, "invoice": null, "livemode": false, "locale": null,
                "metadata": { "payment_id": "{{payment}}" }, "mode": "payment", "origin_context": null,
                "payment_intent": { "id": "{{pi}}", "object": "payment_intent", "amount": 1000, "status": "succeeded" },
                "payment_method_types": ["card"], "payment_status": "paid", "permissions": null,
                "status": "complete", "success_url": "https://scholar.test/pilot/purchases/{{payment}}",
                "total_details": { "amount_discount": 0, "amount_shipping": 0, "amount_tax": 0 }, "ui_mode": "hosted",
                "url": null, "wallet_options": null } },
              "livemode": false, "pending_webhooks": 2,
              "request": { "id": null, "idempotency_key": null }, "type": "checkout.session.completed"
            }
            """,
    };

    /// <summary>A <c>charge.refunded</c> whose <c>amount_refunded</c> (cumulative) is <paramref name="amountRefunded"/>.</summary>
    public static string Refunded(string apiVersion, long amountRefunded) => (apiVersion switch
    {
        "2020-08-27" => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2020-08-27", "created": {{created}},
              "data": { "object": {
                "id": "{{charge}}", "object": "charge", "amount": 1000, "amount_captured": 1000, "amount_refunded": {{refunded}},
                "balance_transaction": "txn_1", "captured": true, "currency": "usd", "disputed": false, "livemode": false,
                "paid": true, "payment_intent": "{{pi}}", "payment_method": "pm_1", "receipt_url": "https://pay.stripe.com/receipts/x",
                "refunded": false, "refunds": { "object": "list", "data": [ { "id": "re_1", "object": "refund",
                  "amount": {{refunded}}, "charge": "{{charge}}", "currency": "usd", "payment_intent": "{{pi}}", "status": "succeeded" } ],
                  "has_more": false, "total_count": 1, "url": "/v1/charges/{{charge}}/refunds" },
                "status": "succeeded" },
                "previous_attributes": { "amount_refunded": 0 } },
              "livemode": false, "pending_webhooks": 1,
              "request": { "id": "req_1", "idempotency_key": "a1b2" }, "type": "charge.refunded"
            }
            """,
        _ => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2025-06-30.basil", "context": null, "created": {{created}},
              "data": { "object": {
                "id": "{{charge}}", "object": "charge", "amount": 1000, "amount_captured": 1000, "amount_refunded": {{refunded}},
                "balance_transaction": { "id": "txn_1", "object": "balance_transaction" }, "captured": true, "currency": "usd",
                "disputed": false, "livemode": false, "paid": true, "payment_intent": "{{pi}}",
                "payment_method_details": { "card": { "brand": "visa", "last4": "4242" }, "type": "card" },
                "presentment_details": null, "receipt_url": "https://pay.stripe.com/receipts/y", "refunded": false,
                "status": "succeeded" },
                "previous_attributes": { "amount_refunded": 0, "refunded": false } },
              "livemode": false, "pending_webhooks": 2,
              "request": { "id": "req_2", "idempotency_key": "c3d4" }, "type": "charge.refunded"
            }
            """,
    }).Replace("{{refunded}}", amountRefunded.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static string Dispute(string apiVersion, string type, long amount, string status) => (apiVersion switch
    {
        "2020-08-27" => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2020-08-27", "created": {{created}},
              "data": { "object": {
                "id": "{{dispute}}", "object": "dispute", "amount": {{amount}}, "balance_transactions": [],
                "charge": "{{charge}}", "created": {{created}}, "currency": "usd",
                "evidence": { "customer_email_address": null, "uncategorized_text": null },
                "evidence_details": { "due_by": {{created}}, "has_evidence": false, "past_due": false, "submission_count": 0 },
                "is_charge_refundable": false, "livemode": false, "metadata": {}, "payment_intent": "{{pi}}",
                "reason": "fraudulent", "status": "{{status}}" } },
              "livemode": false, "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null }, "type": "{{type}}"
            }
            """,
        _ => """
            {
              "id": "{{event}}", "object": "event", "api_version": "2025-06-30.basil", "created": {{created}},
              "data": { "object": {
                "id": "{{dispute}}", "object": "dispute", "amount": {{amount}}, "balance_transactions": [],
                "charge": { "id": "{{charge}}", "object": "charge", "amount": 1000 }, "created": {{created}}, "currency": "usd",
                "enhanced_eligibility_types": [], "evidence_details": { "enhanced_eligibility": {}, "submission_count": 0 },
                "is_charge_refundable": false, "livemode": false, "metadata": {}, "payment_intent": "{{pi}}",
                "payment_method_details": { "card": { "brand": "visa", "network_reason_code": "10.4" }, "type": "card" },
                "reason": "fraudulent", "status": "{{status}}" } },
              "livemode": false, "pending_webhooks": 2,
              "request": { "id": null, "idempotency_key": null }, "type": "{{type}}"
            }
            """,
    }).Replace("{{amount}}", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{status}}", status, StringComparison.Ordinal)
        .Replace("{{type}}", type, StringComparison.Ordinal);
}
