using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Scholar.Infrastructure.Auth.Keys;

namespace Scholar.IntegrationTests.Ops;

/// <summary>Logs a warning carrying secrets in its structured state and a scope, then throws with secrets in the message.</summary>
public sealed class LeakyLoggingEndpoint(ILogger<LeakyLoggingEndpoint> logger) : EndpointWithoutRequest
{
    public const string Route = "/__tests/ops/leak-to-logs";

    public override void Configure()
    {
        Get(Route);
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var secrets = ProductionLogsFactory.Secrets;
        using (logger.BeginScope(new Dictionary<string, object> { ["StripeKey"] = secrets["STRIPE_SECRET_KEY"] }))
        {
            logger.LogWarning("Calling Postmark with token {PostmarkToken} and session {Session}",
                secrets["POSTMARK_SERVER_TOKEN"], secrets["SESSION_SECRET"]);
        }

        throw new InvalidOperationException(
            $"provider refused: whsec {secrets["STRIPE_WEBHOOK_SECRET"]}, notify {secrets["NOTIFY_WEBHOOK_SECRET"]}, " +
            $"twilio {secrets["TWILIO_AUTH_TOKEN"]}, hook {secrets["POSTMARK_WEBHOOK_PASSWORD"]}, key sk_live_51LeakedLiveKey");
    }
}

/// <summary>
/// What Production's console writes: the registered JSON console formatter (options and all), fed
/// the same entries and scopes the console logger gets, written to memory instead of stdout.
/// </summary>
public sealed class JsonConsoleCapture(ConsoleFormatter formatter) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConsoleFormatter _formatter = formatter;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(JsonConsoleCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            owner._lines.Enqueue(writer.ToString().TrimEnd());
        }
    }
}

/// <summary>A Production host (JSON console logs) with known secret values and every log level on.</summary>
public sealed class ProductionLogsFactory : OpsApiFactory
{
    public static readonly Dictionary<string, string> Secrets = new()
    {
        ["STRIPE_SECRET_KEY"] = "sk_test_ProdLogsKey7Yq2",
        ["STRIPE_WEBHOOK_SECRET"] = "whsec_ProdLogsHook3Lp9",
        ["NOTIFY_WEBHOOK_SECRET"] = "notify-ProdLogs-8Hd2Kq",
        ["POSTMARK_SERVER_TOKEN"] = "pm-ProdLogs-token-4Rz1",
        ["POSTMARK_WEBHOOK_PASSWORD"] = "pm-hook-ProdLogs-6Tg5",
        ["SESSION_SECRET"] = "session-ProdLogs-2Wx7",
        ["TWILIO_AUTH_TOKEN"] = "twilio-ProdLogs-9Ne3",
        ["OPSCONSOLE_CLIENT_SECRET"] = "console-ProdLogs-5Ub8",
        ["OPS_BOOTSTRAP_PASSWORD"] = "Bootstrap-ProdLogs-1!",
    };

    public static readonly string SigningKey = PemKeys.Generate().Split('\n', 2)[1];
    public static readonly string EncryptionKey = PemKeys.Generate().Split('\n', 2)[1];

    public JsonConsoleCapture? Json { get; private set; }

    protected override string EnvironmentName => "Production";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(
        Secrets.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)))
    {
        ["SCHOLAR_APPS"] = "scholar_auth,auto_com_center",
        ["APP_BASE_URL"] = "https://scholar.test",
        ["OIDC_ISSUER"] = "https://scholar.test/",
        ["OIDC_SIGNING_KEY"] = SigningKey,
        ["OIDC_ENCRYPTION_KEY"] = EncryptionKey,
        ["OPS_BOOTSTRAP_EMAIL"] = "ceo@scholar.test",
        ["POSTMARK_WEBHOOK_USERNAME"] = "hook",
        ["POSTMARK_FROM"] = "receipts@scholar.test",
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(sp =>
            Json = new JsonConsoleCapture(sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json))));
    }
}

public sealed class ProductionLogsTests(ProductionLogsFactory factory) : IClassFixture<ProductionLogsFactory>
{
    private const string ForgedJwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImxlYWsifQ.eyJzdWIiOiJsZWFrLXN1YmplY3QifQ.bGVha2VkLXNpZ25hdHVyZS12YWx1ZQ";

    [Fact]
    public async Task No_configured_secret_or_token_reaches_any_log_provider()
    {
        var client = factory.CreateClient();

        var error = await client.GetAsync(LeakyLoggingEndpoint.Route);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        bearer.Headers.Authorization = new("Bearer", ForgedJwt);
        var refused = await client.SendAsync(bearer);
        using var token = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "opsconsole",
            ["client_secret"] = ProductionLogsFactory.Secrets["OPSCONSOLE_CLIENT_SECRET"],
        });
        await client.PostAsync("/connect/token", token);

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var captured = string.Join('\n', factory.Logs.Lines);
        var json = string.Join('\n', factory.Json!.Lines);
        // The leaky endpoint's lines did get logged, redacted: the test sees the place where secrets were.
        Assert.Contains("Calling Postmark with token [redacted]", captured, StringComparison.Ordinal);
        Assert.Contains("System.InvalidOperationException: provider refused: whsec [redacted]", captured, StringComparison.Ordinal);
        Assert.Matches("\"PostmarkToken\":\\s*\"\\[redacted\\]\"", json);
        Assert.Matches("\"StripeKey\":\\s*\"\\[redacted\\]\"", json);
        Assert.Contains("provider refused: whsec [redacted]", json, StringComparison.Ordinal);

        string[] leaks =
        [
            .. ProductionLogsFactory.Secrets.Values, "sk_live_51LeakedLiveKey", ForgedJwt, "bGVha2VkLXNpZ25hdHVyZS12YWx1ZQ",
            "BEGIN", ProductionLogsFactory.SigningKey.Split('\n')[1], ProductionLogsFactory.EncryptionKey.Split('\n')[1],
        ];
        Assert.All(leaks, leak =>
        {
            Assert.DoesNotContain(leak, captured, StringComparison.Ordinal);
            Assert.DoesNotContain(leak, json, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Production_logs_are_json_lines_carrying_the_requests_trace_and_span_ids()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var parentSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, LeakyLoggingEndpoint.Route);
        request.Headers.Add("traceparent", $"00-{traceId}-{parentSpanId}-01");

        await factory.CreateClient().SendAsync(request);

        var lines = factory.Json!.Lines.Where(l => l.Contains(traceId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        var warning = lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Single(e => e.GetProperty("Category").GetString() == typeof(LeakyLoggingEndpoint).FullName);
        Assert.Equal("Warning", warning.GetProperty("LogLevel").GetString());
        Assert.True(DateTimeOffset.TryParse(warning.GetProperty("Timestamp").GetString(), out _));
        var activity = warning.GetProperty("Scopes").EnumerateArray().First(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.Equal(traceId, activity.GetProperty("TraceId").GetString());
        Assert.Equal(parentSpanId, activity.GetProperty("ParentId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", activity.GetProperty("SpanId").GetString());
        Assert.NotEqual(parentSpanId, activity.GetProperty("SpanId").GetString());
    }
}
