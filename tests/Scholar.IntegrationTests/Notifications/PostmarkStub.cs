using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>
/// Postmark's API as the outside world: a tiny Kestrel app on 127.0.0.1 answering <c>POST /email</c>
/// and the outbound message search <c>GET /messages/outbound</c> (by <c>metadata_notificationId</c>).
/// Answers are scripted per recipient (a queue); an unscripted recipient gets Postmark's 200.
/// </summary>
public sealed class PostmarkStub : LoopbackServer
{
    /// <summary>Scripted status: never answer, and do not take the message (the client's timeout must fire).</summary>
    public const int NoAnswer = 0;

    /// <summary>Scripted status: take the message, then never answer (the answer is lost on the way back).</summary>
    public const int AcceptedButNoAnswer = -1;

    // Postmark answers in PascalCase (MessageID, TotalCount), not the web default of camelCase.
    private static readonly JsonSerializerOptions JsonOptions = new();

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _script = new(StringComparer.OrdinalIgnoreCase);
    private int _searches;

    public ConcurrentQueue<ReceivedEmail> Received { get; } = new();

    /// <summary>Messages Postmark took, by the notification id in their metadata, with the MessageID it gave.</summary>
    public ConcurrentDictionary<string, string> Accepted { get; } = new(StringComparer.Ordinal);

    public int Searches => _searches;

    public static PostmarkStub Start() => new();

    protected override void Map(WebApplication app)
    {
        app.MapPost("/email", HandleAsync);
        app.MapGet("/messages/outbound", Search);
    }

    /// <summary>As if Postmark had taken a message for <paramref name="notificationId"/> whose answer never reached Scholar.</summary>
    public string Accept(Guid notificationId) => Accepted.GetOrAdd(notificationId.ToString(), _ => Guid.NewGuid().ToString());
    public void Script(string recipient, params (int Status, int ErrorCode, string Message)[] answers)
    {
        var queue = _script.GetOrAdd(recipient, _ => new ConcurrentQueue<(int, string)>());
        foreach (var (status, code, message) in answers)
        {
            queue.Enqueue((status, JsonSerializer.Serialize(new { ErrorCode = code, Message = message })));
        }
    }

    /// <summary>One answer that is not JSON (a proxy's error page, say).</summary>
    public void ScriptText(string recipient, int status, string body) =>
        _script.GetOrAdd(recipient, _ => new ConcurrentQueue<(int, string)>()).Enqueue((status, body));

    public int CountTo(string recipient) => Received.Count(r => string.Equals(r.To, recipient, StringComparison.OrdinalIgnoreCase));

    private IResult Search(HttpContext context)
    {
        Interlocked.Increment(ref _searches);
        if (!int.TryParse(context.Request.Query["count"], out _) || !int.TryParse(context.Request.Query["offset"], out _))
        {
            return Results.Json(new { ErrorCode = 0, Message = "count and offset are required." }, statusCode: 422);
        }

        var wanted = context.Request.Query["metadata_notificationId"].ToString();
        var messages = Accepted.TryGetValue(wanted, out var messageId) ? new[] { new { MessageID = messageId, Status = "Sent" } } : [];
        return Results.Json(new { TotalCount = messages.Length, Messages = messages }, JsonOptions);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var root = json.RootElement;
        var to = root.GetProperty("To").GetString()!;
        var notificationId = root.GetProperty("Metadata").GetProperty("notificationId").GetString()!;
        Received.Enqueue(new ReceivedEmail(
            context.Request.Headers["X-Postmark-Server-Token"].ToString(),
            root.GetProperty("From").GetString()!,
            to,
            root.GetProperty("Subject").GetString()!,
            root.GetProperty("HtmlBody").GetString()!,
            root.GetProperty("MessageStream").GetString()!,
            context.Request.Headers["traceparent"].ToString()));

        context.Response.ContentType = "application/json";
        if (_script.TryGetValue(to, out var queue) && queue.TryDequeue(out var answer))
        {
            if (answer.Status is NoAnswer or AcceptedButNoAnswer)
            {
                if (answer.Status is AcceptedButNoAnswer)
                {
                    Accepted[notificationId] = Guid.NewGuid().ToString();
                }

                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            context.Response.StatusCode = answer.Status;
            await context.Response.WriteAsync(answer.Body);
            return;
        }

        var messageId = Guid.NewGuid().ToString();
        Accepted[notificationId] = messageId;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            To = to,
            SubmittedAt = DateTimeOffset.UtcNow,
            MessageID = messageId,
            ErrorCode = 0,
            Message = "OK",
        }));
    }
}

public sealed record ReceivedEmail(string Token, string From, string To, string Subject, string HtmlBody, string MessageStream, string TraceParent);
