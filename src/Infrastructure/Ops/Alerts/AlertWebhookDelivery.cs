using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Application.Ops.Alerts;
using Scholar.Domain.Notifications;
using Scholar.Domain.Ops;

namespace Scholar.Infrastructure.Ops.Alerts;

/// <summary>
/// The outbox delivery of kind <c>ops_alert.webhook</c>: posts the queued Slack-compatible JSON
/// (<c>{"text": …}</c>) to <c>OPS_ALERT_WEBHOOK_URL</c>. The URL is a credential, so no error it
/// records names it, nor the exception text that might.
/// </summary>
public sealed class AlertWebhookDelivery(HttpClient http, IOptions<AlertSettings> settings) : IOutboxDelivery
{
    public string Kind => EvaluateAlertsHandler.WebhookOutboxKind;

    public string Hop => DeliveryHops.OpsToAlertWebhook;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (settings.Value.Webhook is not { } url)
        {
            return new DeliveryResult(DeliveryOutcome.DeadLetter, null, "OPS_ALERT_WEBHOOK_URL is not set (or not an http(s) URL).");
        }

        using var content = new StringContent(message.Payload, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.PostAsync(url, content, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new DeliveryResult(DeliveryOutcome.Delivered, status, null);
            }

            // Slack answers 4xx for a revoked or malformed hook: repeating cannot help, except 408/429.
            var retry = status is 408 or 429 or >= 500;
            return new DeliveryResult(retry ? DeliveryOutcome.Retry : DeliveryOutcome.DeadLetter, status, $"The alert webhook answered HTTP {status}.");
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryResult(DeliveryOutcome.Retry, null, $"The alert webhook could not be reached ({e.GetType().Name}).");
        }
    }
}
