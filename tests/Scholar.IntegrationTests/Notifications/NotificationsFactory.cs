using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>The host with its background loops off: tests run dispatch passes themselves.</summary>
public class NotificationsFactory : ScholarApiFactory
{
    public const string Secret = "test-notify-secret";
    public const string HookUser = "hook-user";
    public const string HookPassword = "hook-password";

    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["NOTIFY_WEBHOOK_SECRET"] = Secret,
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
        ["POSTMARK_WEBHOOK_USERNAME"] = HookUser,
        ["POSTMARK_WEBHOOK_PASSWORD"] = HookPassword,
        ["POSTMARK_FROM"] = "Scholar <receipts@scholar.test>",
        ["NOTIFY_RETRY_BASE_SECONDS"] = "10",
        ["NOTIFY_RETRY_CAP_SECONDS"] = "60",
        ["NOTIFY_MAX_ATTEMPTS"] = "4",
    };

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task<TResult> WithDbAsync<TResult>(Func<AppDbContext, Task<TResult>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>A request signed as the contract says, computed here independently of the production signer.</summary>
    public HttpRequestMessage SignedRequest(HttpMethod method, string path, string body, DateTimeOffset? at = null, string secret = Secret)
    {
        var timestamp = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        request.Headers.Add("X-Scholar-Timestamp", timestamp);
        request.Headers.Add("X-Scholar-Signature", "v1=" + Convert.ToHexStringLower(mac));
        return request;
    }
}

/// <summary>A clock the tests move by hand (retry due times, signature freshness).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
