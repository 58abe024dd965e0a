using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Domain.Notifications;

namespace Scholar.Infrastructure.Notifications.Postmark;

/// <summary>
/// Postmark's <c>POST /email</c> (typed HttpClient; base address <c>POSTMARK_API_BASE_URL</c>, token in
/// <c>X-Postmark-Server-Token</c>; Postmark's own test token <c>POSTMARK_API_TEST</c> works too).
/// Outcomes follow DESIGN.md 6.2: ErrorCode 10 / HTTP 401 halt, 406 suppress, 300 dead letter,
/// 429 / 5xx retry. A call left without an answer (timeout, connection lost) is unknown: before it is
/// sent again, <c>GET /messages/outbound</c> is searched for its <c>notificationId</c> metadata.
/// </summary>
public sealed class PostmarkEmailSender(HttpClient http, IOptions<NotificationSettings> settings) : IEmailProvider
{
    public const string TokenHeader = "X-Postmark-Server-Token";

    /// <summary>The Metadata field every send carries, by which a lost answer is found again.</summary>
    private const string MetadataKey = "notificationId";

    // Account-level refusals (bad token, sender signature missing or unconfirmed, sending disabled,
    // account pending): every message would fail the same way, so stop rather than retry or dead-letter.
    private static readonly HashSet<int> HaltCodes = [10, 400, 401, 405, 412];

    // Postmark's JSON is PascalCase (From, HtmlBody, MessageStream): not the web default of camelCase.
    private static readonly JsonSerializerOptions PostmarkJson = new();

    public string? Hop => DeliveryAttempt.AutoComCenterToPostmark;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var s = settings.Value;
        var body = new PostmarkEmail(s.PostmarkFrom ?? "", message.To, message.Subject, message.HtmlBody, message.TextBody,
            message.Tag, s.PostmarkMessageStream, new Dictionary<string, string> { [MetadataKey] = message.NotificationId.ToString() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "email") { Content = JsonContent.Create(body, options: PostmarkJson) };
        var (answer, failure) = await ExchangeAsync<PostmarkAnswer>(request, requestMaySendTwice: true, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var (status, parsed, error) = answer;
        return (status, parsed?.ErrorCode ?? -1) switch
        {
            (HttpStatusCode.OK, 0) => EmailSendResult.Accepted(parsed!.MessageId, (int)status),
            (_, 406) => new(EmailSendOutcome.SuppressRecipient, null, error, (int)status),
            _ => Refusal(status, parsed?.ErrorCode, error),
        };
    }

    /// <summary>Postmark's outbound message search, filtered on the metadata every send carries.</summary>
    public async Task<EmailSendResult?> FindAcceptedAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        var path = $"messages/outbound?count=1&offset=0&metadata_{MetadataKey}={Uri.EscapeDataString(notificationId.ToString())}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        var (answer, failure) = await ExchangeAsync<PostmarkSearch>(request, requestMaySendTwice: false, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var (status, parsed, error) = answer;
        if (status == HttpStatusCode.OK && parsed is not null)
        {
            return parsed.Messages is [var found, ..] ? EmailSendResult.Accepted(found.MessageId, (int)status) : null;
        }

        // A search that fails says nothing about the message: only a refused token stops sending.
        var refusal = Refusal(status, parsed?.ErrorCode, error);
        return refusal.Outcome is EmailSendOutcome.Halt ? refusal : refusal with { Outcome = EmailSendOutcome.Retry };
    }

    /// <summary>Every answer that is not a success: halt, retry or dead letter, by DESIGN.md 6.2.</summary>
    private static EmailSendResult Refusal(HttpStatusCode status, int? errorCode, string error) => (status, errorCode ?? -1) switch
    {
        (HttpStatusCode.Unauthorized, _) => new(EmailSendOutcome.Halt, null, error, (int)status),
        (_, var code) when HaltCodes.Contains(code) => new(EmailSendOutcome.Halt, null, error, (int)status),
        (HttpStatusCode.TooManyRequests, _) => new(EmailSendOutcome.Retry, null, error, (int)status),
        _ when (int)status >= 500 => new(EmailSendOutcome.Retry, null, error, (int)status),
        _ => new(EmailSendOutcome.DeadLetter, null, error, (int)status),
    };

    /// <summary>
    /// One call with the token; the answer's status, parsed body and a one-line description, or the
    /// result when no answer came. A request that may have reached Postmark before the answer was lost
    /// (<paramref name="requestMaySendTwice"/>) is <see cref="EmailSendOutcome.Unknown"/>, not a retry.
    /// </summary>
    private async Task<((HttpStatusCode Status, T? Parsed, string Error) Answer, EmailSendResult? Failure)> ExchangeAsync<T>(
        HttpRequestMessage request, bool requestMaySendTwice, CancellationToken cancellationToken)
        where T : class, IPostmarkError
    {
        var token = settings.Value.PostmarkServerToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            return (default, new EmailSendResult(EmailSendOutcome.Halt, null, "POSTMARK_SERVER_TOKEN is not set.", null));
        }

        request.Headers.Add(TokenHeader, token);
        request.Headers.Accept.ParseAdd("application/json");
        var ambiguous = requestMaySendTwice ? EmailSendOutcome.Unknown : EmailSendOutcome.Retry;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, new EmailSendResult(ambiguous, null, "Postmark did not answer in time.", null));
        }
        catch (HttpRequestException e)
        {
            // Refused or unresolved connections never carried the request; anything later may have.
            var neverSent = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            return (default, new EmailSendResult(neverSent ? EmailSendOutcome.Retry : ambiguous, null, $"Postmark unreachable: {e.Message}", null));
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var parsed = Parse<T>(text);
            var detail = parsed is not null ? $"ErrorCode {parsed.ErrorCode}: {parsed.Message}" : $"not JSON: {Excerpt(text)}";
            return ((response.StatusCode, parsed, $"Postmark HTTP {(int)response.StatusCode}, {detail}"), null);
        }
    }

    private static T? Parse<T>(string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, PostmarkJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty body)" : line.Length <= 200 ? line : line[..200] + "…";
    }

    private interface IPostmarkError
    {
        int ErrorCode { get; }

        string? Message { get; }
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
        [property: JsonPropertyName("MessageID")] string? MessageId) : IPostmarkError;

    private sealed record PostmarkSearch(
        [property: JsonPropertyName("ErrorCode")] int ErrorCode,
        [property: JsonPropertyName("Message")] string? Message,
        [property: JsonPropertyName("TotalCount")] int TotalCount,
        [property: JsonPropertyName("Messages")] IReadOnlyList<PostmarkAnswer>? Messages) : IPostmarkError;
}
