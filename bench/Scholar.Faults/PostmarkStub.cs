using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scholar.Faults;

/// <summary>
/// Postmark's <c>POST /email</c> and outbound message search (<c>GET /messages/outbound</c> by
/// <c>metadata_notificationId</c>) on a loopback port. With a failure rate it answers a share of sends
/// with 500/503, 429, or not at all within the client's timeout (then 500, which the client never
/// reads). Half of those unanswered sends were taken first — the answer is lost on the way back, the
/// case that only a lookup before resending keeps from becoming a duplicate. Taken messages are
/// recorded by the notification id Scholar puts in Metadata.
/// </summary>
internal sealed class PostmarkStub(string token, double failureRate, TimeSpan hang) : IAsyncDisposable
{
    // Postmark answers in PascalCase (ErrorCode, MessageID), not the web default of camelCase.
    private static readonly JsonSerializerOptions PostmarkJson = new();

    private readonly WebApplication _app = Build();
    private long _calls;
    private long _serverErrors;
    private long _throttled;
    private long _timeouts;
    private long _lostAnswers;
    private long _searches;

    public ConcurrentDictionary<string, ConcurrentBag<string>> Accepted { get; } = new(StringComparer.Ordinal);

    public string BaseUrl { get; private set; } = "";

    public long Calls => Interlocked.Read(ref _calls);

    public string InjectedFaults =>
        $"{Interlocked.Read(ref _serverErrors)} 5xx, {Interlocked.Read(ref _throttled)} 429, {Interlocked.Read(ref _timeouts)} timeouts "
        + $"({Interlocked.Read(ref _lostAnswers)} of them taken, answer lost); {Interlocked.Read(ref _searches)} searches";

    public long FaultCount => Interlocked.Read(ref _serverErrors) + Interlocked.Read(ref _throttled) + Interlocked.Read(ref _timeouts);

    public async Task StartAsync(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        _app.Urls.Add(BaseUrl);
        _app.MapPost("/email", (Func<HttpContext, Task<IResult>>)HandleAsync);
        _app.MapGet("/messages/outbound", (Func<HttpContext, IResult>)Search);
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        return builder.Build();
    }

    private IResult Search(HttpContext context)
    {
        Interlocked.Increment(ref _searches);
        if (context.Request.Headers["X-Postmark-Server-Token"] != token)
        {
            return Results.Json(new { ErrorCode = 10, Message = "Bad or missing Server API token." }, PostmarkJson, statusCode: 401);
        }

        var wanted = context.Request.Query["metadata_notificationId"].ToString();
        var messages = Accepted.TryGetValue(wanted, out var ids) ? ids.Select(id => new { MessageID = id, Status = "Sent" }).ToArray() : [];
        return Results.Json(new { TotalCount = messages.Length, Messages = messages }, PostmarkJson);
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        if (context.Request.Headers["X-Postmark-Server-Token"] != token)
        {
            return Results.Json(new { ErrorCode = 10, Message = "Bad or missing Server API token." }, PostmarkJson, statusCode: 401);
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var notificationId = body.RootElement.TryGetProperty("Metadata", out var metadata)
            && metadata.TryGetProperty("notificationId", out var id) ? id.GetString() : null;
        if (notificationId is null)
        {
            return Results.Json(new { ErrorCode = 300, Message = "Metadata.notificationId missing." }, PostmarkJson, statusCode: 422);
        }

        var roll = Random.Shared.NextDouble();
        if (roll < failureRate / 2)
        {
            Interlocked.Increment(ref _serverErrors);
            return Results.Text("upstream trouble", statusCode: roll < failureRate / 4 ? 500 : 503);
        }

        if (roll < failureRate * 5 / 6)
        {
            Interlocked.Increment(ref _throttled);
            return Results.Json(new { ErrorCode = 429, Message = "Rate limit exceeded." }, PostmarkJson, statusCode: 429);
        }

        if (roll < failureRate)
        {
            Interlocked.Increment(ref _timeouts);
            if (roll < failureRate * 11 / 12)
            {
                Interlocked.Increment(ref _lostAnswers);
                Accepted.GetOrAdd(notificationId, _ => []).Add(Guid.NewGuid().ToString());
            }

            await Task.Delay(hang, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Results.Text("too late", statusCode: 500);
        }

        var messageId = Guid.NewGuid().ToString();
        Accepted.GetOrAdd(notificationId, _ => []).Add(messageId);
        return Results.Json(new { To = "", SubmittedAt = DateTimeOffset.UtcNow, MessageID = messageId, ErrorCode = 0, Message = "OK" }, PostmarkJson);
    }
}
