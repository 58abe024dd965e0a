using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using FastEndpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Scholar.IntegrationTests.Ops;

/// <summary>Throws with an e-mail, tokens and a configured secret in its message.</summary>
public sealed class LeakyThrowingEndpoint : EndpointWithoutRequest
{
    public const string Route = "/__tests/ops/throw";

    public static string Message => $"payment for student@example.com failed: Bearer abc.def-ghi, key sk_live_51AbCdEf, " +
        $"signature v1=0123456789abcdef0123, secret {SentryFactory.NotifySecret}, password=hunter2";

    public override void Configure()
    {
        Get(Route);
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) => throw new InvalidOperationException(Message);
}

/// <summary>A stand-in for Sentry's ingestion on 127.0.0.1 that keeps every envelope it receives.</summary>
public sealed class SentryListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SentryListener(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Envelopes { get; } = new();

    public string Dsn { get; private set; } = "";

    public static SentryListener Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new SentryListener(app);
        app.MapPost("/api/{project}/envelope/", async (HttpRequest request) =>
        {
            Stream body = request.Body;
            if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = new GZipStream(body, CompressionMode.Decompress);
            }

            using var reader = new StreamReader(body);
            listener.Envelopes.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        app.StartAsync().GetAwaiter().GetResult();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.Dsn = $"{address.Replace("http://", "http://publickey@", StringComparison.Ordinal)}/1";
        return listener;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed class SentryFactory : OpsApiFactory
{
    public const string NotifySecret = "notify-secret-Sentry-9Xc4";
    public const string StripeSecret = "sk_test_SentryTestKey42";

    // Started before the host is built: the DSN is part of the host's configuration.
    public SentryListener Listener { get; } = SentryListener.Start();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SENTRY_DSN"] = Listener.Dsn,
        ["NOTIFY_WEBHOOK_SECRET"] = NotifySecret,
        ["STRIPE_SECRET_KEY"] = StripeSecret,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Listener.DisposeAsync();
    }
}

public sealed class SentryTests(SentryFactory factory) : IClassFixture<SentryFactory>
{
    [Fact]
    public async Task A_server_error_reaches_Sentry_with_its_type_and_without_emails_tokens_or_secrets()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, LeakyThrowingEndpoint.Route + "?token=qs-token-123456");
        request.Headers.Add("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        request.Headers.Add("Cookie", "session=cookie-value-98765");
        request.Headers.Add("X-Scholar-Signature", "v1=feedfacefeedfacefeedface");

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await factory.Services.GetRequiredService<IHub>().FlushAsync(TimeSpan.FromSeconds(10));

        var envelopes = string.Join("\n", factory.Listener.Envelopes);
        Assert.Contains("InvalidOperationException", envelopes, StringComparison.Ordinal);
        Assert.Contains("[email]", envelopes, StringComparison.Ordinal);
        string[] leaks =
        [
            "student@example.com", "abc.def-ghi", "sk_live_51AbCdEf", "0123456789abcdef0123", "hunter2", SentryFactory.NotifySecret,
            SentryFactory.StripeSecret, "qs-token-123456", "eyJhbGciOiJSUzI1NiJ9", "cookie-value-98765", "feedfacefeedface",
        ];
        Assert.All(leaks, leak => Assert.DoesNotContain(leak, envelopes, StringComparison.Ordinal));
    }
}
