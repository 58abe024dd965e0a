using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>
/// Postmark's API as the outside world: a tiny Kestrel app on 127.0.0.1 answering <c>POST /email</c>.
/// Answers are scripted per recipient (a queue); an unscripted recipient gets Postmark's 200.
/// </summary>
public sealed class PostmarkStub : LoopbackServer
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _script = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<ReceivedEmail> Received { get; } = new();

    public static PostmarkStub Start() => new();

    protected override void Map(WebApplication app) => app.MapPost("/email", HandleAsync);

    /// <summary>Status 0 in a script means "never answer" (the client's timeout must fire).</summary>
    public void Script(string recipient, params (int Status, int ErrorCode, string Message)[] answers)
    {
        var queue = _script.GetOrAdd(recipient, _ => new ConcurrentQueue<(int, string)>());
        foreach (var (status, code, message) in answers)
        {
            queue.Enqueue((status, JsonSerializer.Serialize(new { ErrorCode = code, Message = message })));
        }
    }

    public int CountTo(string recipient) => Received.Count(r => string.Equals(r.To, recipient, StringComparison.OrdinalIgnoreCase));

    private async Task HandleAsync(HttpContext context)
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body);
        var root = json.RootElement;
        var to = root.GetProperty("To").GetString()!;
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
            if (answer.Status == 0)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            context.Response.StatusCode = answer.Status;
            await context.Response.WriteAsync(answer.Body);
            return;
        }

        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            To = to,
            SubmittedAt = DateTimeOffset.UtcNow,
            MessageID = Guid.NewGuid().ToString(),
            ErrorCode = 0,
            Message = "OK",
        }));
    }
}

public sealed record ReceivedEmail(string Token, string From, string To, string Subject, string HtmlBody, string MessageStream, string TraceParent);
