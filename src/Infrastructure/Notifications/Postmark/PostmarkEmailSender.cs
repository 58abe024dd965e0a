using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Notifications.Delivery;

namespace Scholar.Infrastructure.Notifications.Postmark;

/// <summary>
/// Postmark's <c>POST /email</c> (typed HttpClient; base address <c>POSTMARK_API_BASE_URL</c>, token in
/// <c>X-Postmark-Server-Token</c>; Postmark's own test token <c>POSTMARK_API_TEST</c> works too).
/// Outcomes follow DESIGN.md 6.2: ErrorCode 10 / HTTP 401 halt, 406 suppress, 300 dead letter,
/// 429 / 5xx / timeouts retry.
/// </summary>
public sealed class PostmarkEmailSender(HttpClient http, IOptions<NotificationSettings> settings) : IEmailSender
{
    public const string TokenHeader = "X-Postmark-Server-Token";

    // Account-level refusals (bad token, sender signature missing or unconfirmed, sending disabled,
    // account pending): every message would fail the same way, so stop rather than retry or dead-letter.
    private static readonly HashSet<int> HaltCodes = [10, 400, 401, 405, 412];

    // Postmark's JSON is PascalCase (From, HtmlBody, MessageStream): not the web default of camelCase.
    private static readonly JsonSerializerOptions PostmarkJson = new();

    public string? Hop => WebhookAttempt.AutoComCenterToPostmark;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var s = settings.Value;
        if (string.IsNullOrWhiteSpace(s.PostmarkServerToken))
        {
            return new EmailSendResult(EmailSendOutcome.Halt, null, "POSTMARK_SERVER_TOKEN is not set.", null);
        }

        var body = new PostmarkEmail(s.PostmarkFrom ?? "", message.To, message.Subject, message.HtmlBody, message.TextBody,
            message.Tag, s.PostmarkMessageStream, new Dictionary<string, string> { ["notificationId"] = message.NotificationId.ToString() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "email") { Content = JsonContent.Create(body, options: PostmarkJson) };
        request.Headers.Add(TokenHeader, s.PostmarkServerToken);
        request.Headers.Accept.ParseAdd("application/json");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new EmailSendResult(EmailSendOutcome.Retry, null, "Postmark did not answer in time.", null);
        }
        catch (HttpRequestException e)
        {
            return new EmailSendResult(EmailSendOutcome.Retry, null, $"Postmark unreachable: {e.Message}", null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var answer = await ReadAsync(response, cancellationToken);
            var error = $"Postmark HTTP {status}, ErrorCode {answer?.ErrorCode}: {answer?.Message}";
            return (response.StatusCode, answer?.ErrorCode ?? -1) switch
            {
                (HttpStatusCode.OK, 0) => EmailSendResult.Accepted(answer!.MessageId, status),
                (HttpStatusCode.Unauthorized, _) => new(EmailSendOutcome.Halt, null, error, status),
                (_, var code) when HaltCodes.Contains(code) => new(EmailSendOutcome.Halt, null, error, status),
                (_, 406) => new(EmailSendOutcome.SuppressRecipient, null, error, status),
                (HttpStatusCode.TooManyRequests, _) => new(EmailSendOutcome.Retry, null, error, status),
                _ when status >= 500 => new(EmailSendOutcome.Retry, null, error, status),
                _ => new(EmailSendOutcome.DeadLetter, null, error, status),
            };
        }
    }

    private static async Task<PostmarkAnswer?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<PostmarkAnswer>(PostmarkJson, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record PostmarkEmail(
        string From,
        string To,
        string Subject,
        string HtmlBody,
        string TextBody,
        string Tag,
        string MessageStream,
        Dictionary<string, string> Metadata);

    private sealed record PostmarkAnswer(
        [property: JsonPropertyName("ErrorCode")] int ErrorCode,
        [property: JsonPropertyName("Message")] string? Message,
        [property: JsonPropertyName("MessageID")] string? MessageId);
}
