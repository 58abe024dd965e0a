using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications.Signing;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// The outbox delivery of kind <c>notification.send</c>, provider_register → auto_com_center: posts a queued <c>/api/send</c> body, signed, to
/// <c>AUTO_COM_CENTER_BASE_URL</c> (default <c>APP_BASE_URL</c>), over HTTP even in one process, so
/// the hop behaves and is measured the same whether the apps share a process or not.
/// </summary>
public sealed class ApiSendDelivery(HttpClient http, NotifySignature signature) : IOutboxDelivery
{
    public string Kind => NotificationRequest.OutboxKind;

    public string Hop => DeliveryAttempt.ProviderRegisterToAutoComCenter;

    public Uri? BaseAddress => http.BaseAddress;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(message.Payload, message.TraceParent, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new DeliveryResult(DeliveryOutcome.Delivered, status, null);
        }

        var error = $"HTTP {status}: {Shorten(await response.Content.ReadAsStringAsync(cancellationToken))}";
        // 400/422 say the request itself is wrong (bad address, unknown template): resending cannot help.
        var permanent = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity;
        return new DeliveryResult(permanent ? DeliveryOutcome.DeadLetter : DeliveryOutcome.Retry, status, error);
    }

    /// <summary>Posts a <c>/api/send</c> body, signed; also the operator's <c>smoke-send</c>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string payload, string? traceParent, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var (timestamp, signed) = signature.Sign(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/send") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(NotifySignature.TimestampHeader, timestamp);
        request.Headers.Add(NotifySignature.SignatureHeader, signed);
        // Inside a span the HTTP client instrumentation sends the span's own traceparent.
        if (traceParent is not null && Activity.Current is null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;
}
