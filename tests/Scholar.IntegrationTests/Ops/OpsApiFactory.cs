using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.Infrastructure.Ops.Latency;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// The Web host for Ops tests: callers sign in through the real issuer (one user per role, reused
/// within the class); it also captures every raw request duration and every log line.
/// </summary>
public class OpsApiFactory : ScholarApiFactory
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(HttpClient Client, Guid UserId)>>> _signedIn = new();

    public RawDurations Durations { get; } = new();

    public CapturedLogs Logs { get; } = new();

    /// <summary>A client with a real access token for a user of <paramref name="role"/>.</summary>
    public Task<(HttpClient Client, Guid UserId)> SignInAsync(string role) =>
        _signedIn.GetOrAdd(role, r => new Lazy<Task<(HttpClient, Guid)>>(() => this.CreateSignedInClientAsync(r))).Value;

    public async Task<HttpClient> ClientAsAsync(string role) => (await SignInAsync(role)).Client;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IRequestDurationObserver>(Durations);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}

/// <summary>A second Web instance on the first one's database, as a scaled-out deployment runs.</summary>
public sealed class SecondInstance(ScholarApiFactory first, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public RawDurations Durations { get; } = new();

    /// <summary>A client of this instance carrying the same access token as <paramref name="signedIn"/>.</summary>
    public HttpClient CreateClientLike(HttpClient signedIn)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", first.Database.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IRequestDurationObserver>(Durations));
    }
}

/// <summary>Every duration the timing middleware measured, as the raw truth for percentile checks.</summary>
public sealed class RawDurations : IRequestDurationObserver
{
    private readonly ConcurrentQueue<(string Route, long Microseconds)> _all = new();

    public void Record(string routeTemplate, TimeSpan duration, DateTimeOffset completedAt) =>
        _all.Enqueue((routeTemplate, LatencyHistograms.Clamp((long)duration.TotalMicroseconds)));

    public List<long> For(string route) => _all.Where(d => d.Route == route).Select(d => d.Microseconds).ToList();

    /// <summary>The response can reach the client a moment before the middleware's finally runs.</summary>
    public async Task WaitForAsync(string route, int count)
    {
        for (var i = 0; i < 200 && For(route).Count < count; i++)
        {
            await Task.Delay(25);
        }
    }
}

public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"Scope {category}: {state} {Values(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {Values(state)} {exception}");

        // The structured values too, not only the rendered message.
        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
    }
}

