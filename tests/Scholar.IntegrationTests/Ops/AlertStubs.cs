using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Ops;

/// <summary>A Slack-compatible incoming webhook on 127.0.0.1: records each posted body on its secret path.</summary>
public sealed class WebhookSink : LoopbackServer
{
    public const string SecretPath = "/services/T000/B000/sink-secret-path";

    public ConcurrentQueue<string> Bodies { get; } = new();

    public string Url => BaseUrl + SecretPath;

    protected override void Map(WebApplication app) =>
        app.MapPost(SecretPath, async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            Bodies.Enqueue(await reader.ReadToEndAsync());
            return Results.Text("ok");
        });
}

/// <summary>Twilio's Messages API on 127.0.0.1: records each form post (with its Basic credentials) and answers 201 as Twilio does.</summary>
public sealed class TwilioStub : LoopbackServer
{
    public ConcurrentQueue<(string Path, string? Authorization, IReadOnlyDictionary<string, string> Form)> Messages { get; } = new();

    protected override void Map(WebApplication app) =>
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (string sid, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Messages.Enqueue((request.Path.Value!, request.Headers.Authorization.ToString(), form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            return Results.Json(new { sid = "SM" + Guid.NewGuid().ToString("N"), account_sid = sid, status = "queued", to = form["To"].ToString() }, statusCode: 201);
        });
}
