using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.Infrastructure.Ops.Latency;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// The Web host with a header-driven test sign-in (<c>X-Test-Sub</c>, <c>X-Test-Roles</c>), so Ops
/// endpoints can be called as operator, ceo or student without the Auth module. It also captures
/// every raw request duration and every log line.
/// </summary>
public class OpsApiFactory : ScholarApiFactory
{
    public RawDurations Durations { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public HttpClient CreateClientAs(string role, string sub = OpsTestAuth.DefaultSub) => OpsTestAuth.Client(CreateClient(), role, sub);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            OpsTestAuth.Register(services);
            services.AddSingleton<IRequestDurationObserver>(Durations);
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}

/// <summary>A second Web instance on the first one's database, as a scaled-out deployment runs.</summary>
public sealed class SecondInstance(OpsApiFactory first, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public RawDurations Durations { get; } = new();

    public HttpClient CreateClientAs(string role) => OpsTestAuth.Client(CreateClient(), role);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", first.Database.ConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            OpsTestAuth.Register(services);
            services.AddSingleton<IRequestDurationObserver>(Durations);
        });
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
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class OpsTestAuth(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OpsTest";
    public const string SubHeader = "X-Test-Sub";
    public const string RolesHeader = "X-Test-Roles";
    public const string DefaultSub = "11111111-1111-1111-1111-111111111111";

    public static HttpClient Client(HttpClient client, string role, string sub = DefaultSub)
    {
        client.DefaultRequestHeaders.Add(SubHeader, sub);
        client.DefaultRequestHeaders.Add(RolesHeader, role);
        return client;
    }

    public static void Register(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, OpsTestAuth>(SchemeName, null);
        services.PostConfigure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SchemeName;
            o.DefaultAuthenticateScheme = SchemeName;
            o.DefaultChallengeScheme = SchemeName;
            o.DefaultForbidScheme = SchemeName;
        });
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(SubHeader, out var sub))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ScholarClaims.Subject, sub.ToString()) };
        claims.AddRange(Request.Headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => new Claim(ScholarClaims.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
