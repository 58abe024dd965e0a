using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scholar.IntegrationTests.Hosting;

/// <summary>scholar_auth on a port of its own, on the database the other four processes share.</summary>
public sealed class SplitAuthProcess : ScholarApiFactory
{
    public SplitAuthProcess()
    {
        UseKestrel(Port);
    }

    public int Port { get; } = LoopbackPort.Free();

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Ports of the other four, chosen before any process starts so each can be told where the others are.</summary>
    public Dictionary<string, int> Ports { get; } = new()
    {
        [ScholarApps.StudentPilot] = LoopbackPort.Free(),
        [ScholarApps.ProviderRegister] = LoopbackPort.Free(),
        [ScholarApps.ScholarshipApi] = LoopbackPort.Free(),
        [ScholarApps.AutoComCenter] = LoopbackPort.Free(),
    };

    public string BaseOf(string app) => app == ScholarApps.Auth ? BaseUrl : $"http://127.0.0.1:{Ports[app]}";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(SplitTopology.Wiring(this, ScholarApps.Auth))
    {
        ["STUDENT_PILOT_REDIRECT_URIS"] = BaseOf(ScholarApps.StudentPilot) + "/pilot/signin-oidc",
    };
}

/// <summary>What `SCHOLAR_TOPOLOGY=split ./run.sh` gives each process: its app, its address, and where the others are.</summary>
public static class SplitTopology
{
    public static Dictionary<string, string?> Wiring(SplitAuthProcess auth, string app) => new()
    {
        ["SCHOLAR_APPS"] = app,
        ["APP_BASE_URL"] = auth.BaseOf(app),
        ["OIDC_ISSUER"] = auth.BaseUrl + "/",
        ["SCHOLAR_AUTH_BASE_URL"] = app == ScholarApps.Auth ? null : auth.BaseUrl,
        ["SCHOLARSHIP_API_BASE_URL"] = auth.BaseOf(ScholarApps.ScholarshipApi),
        ["AUTO_COM_CENTER_BASE_URL"] = auth.BaseOf(ScholarApps.AutoComCenter),
        ["PROVIDER_REGISTER_BASE_URL"] = auth.BaseOf(ScholarApps.ProviderRegister),
        ["NOTIFY_DISPATCH_POLL_SECONDS"] = "1",
        ["AUTH_RATE_LIMIT_PER_MINUTE"] = "100000",
    };
}

/// <summary>One of the four other apps, alone in its process, on the shared database.</summary>
public sealed class SplitAppProcess : WebApplicationFactory<Program>
{
    private readonly SplitAuthProcess _auth;
    private readonly string _app;

    public SplitAppProcess(SplitAuthProcess auth, string app)
    {
        _auth = auth;
        _app = app;
        UseKestrel(auth.Ports[app]);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", _auth.Database.ConnectionString);
        foreach (var (key, value) in SplitTopology.Wiring(_auth, _app))
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>
/// The seed's "E2E JWT issuance/verification across all apps": five processes on real ports, a token
/// issued by scholar_auth and verified by each of the other four through the JWKS, then a sandbox
/// purchase that crosses them (student_pilot → provider_register → scholarship_api, receipt through
/// auto_com_center). Each hop's P95 is printed (not asserted).
/// </summary>
public sealed class SplitTopologyE2ETests(SplitAuthProcess auth, ITestOutputHelper output) : IClassFixture<SplitAuthProcess>, IAsyncLifetime
{
    private const int CallsPerHop = 20;
    private readonly SplitAuthProcess _auth = auth;
    private readonly List<SplitAppProcess> _others = [];
    private readonly Dictionary<string, List<double>> _hops = new(StringComparer.Ordinal);

    public Task InitializeAsync()
    {
        _auth.CreateClient().Dispose();
        foreach (var app in _auth.Ports.Keys)
        {
            var process = new SplitAppProcess(_auth, app);
            process.CreateClient().Dispose();
            _others.Add(process);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_token_from_scholar_auth_works_at_every_app_and_a_sandbox_purchase_crosses_the_five_processes()
    {
        var (userId, email) = await _auth.CreateUserAsync();
        var token = await TimedAsync("scholar_auth POST /connect/token", () => _auth.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, AuthTestExtensions.AllScopes));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // The token is verified by each other app through scholar_auth's JWKS.
        foreach (var app in _auth.Ports.Keys)
        {
            for (var i = 0; i < CallsPerHop; i++)
            {
                using var me = await TimedAsync($"{app} GET /api/auth/me", () => http.GetAsync(_auth.BaseOf(app) + "/api/auth/me"));
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
                Assert.Equal(userId, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid());
            }

            // Another app's routes are not here.
            var foreign = app == ScholarApps.ScholarshipApi ? "/api/packages" : "/api/credits/balance";
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(_auth.BaseOf(app) + foreign)).StatusCode);
        }

        // student_pilot starts the checkout; provider_register serves the sandbox page and takes the webhook.
        var pilot = _auth.BaseOf(ScholarApps.StudentPilot);
        var packages = await http.GetFromJsonAsync<JsonElement>(pilot + "/api/packages");
        var cheapest = packages.EnumerateArray().OrderBy(p => p.GetProperty("priceCents").GetInt64()).First();
        var credits = cheapest.GetProperty("credits").GetInt32();
        using var checkout = await TimedAsync("student_pilot POST /api/checkout", () =>
            http.PostAsync(pilot + "/api/checkout", new StringContent($$"""{"packageId":"{{cheapest.GetProperty("id").GetString()}}"}""", Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Created, checkout.StatusCode);
        var sessionUrl = (await checkout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith(_auth.BaseOf(ScholarApps.ProviderRegister) + "/sandbox/checkout/", sessionUrl, StringComparison.Ordinal);

        using var pay = await TimedAsync("provider_register POST /sandbox/checkout/{id}/pay (→ /webhooks/stripe)", () => http.PostAsync(sessionUrl + "/pay", null));
        Assert.Equal(HttpStatusCode.OK, pay.StatusCode);
        Assert.True((await pay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivered").GetBoolean());

        // scholarship_api shows the credits; the receipt went through auto_com_center to the mailbox.
        var api = _auth.BaseOf(ScholarApps.ScholarshipApi);
        var balance = await EventuallyAsync(async () =>
        {
            using var response = await TimedAsync("scholarship_api GET /api/credits/balance", () => http.GetAsync(api + "/api/credits/balance"));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("balance").GetInt64() == credits ? body.GetRawText() : null;
        });
        Assert.Contains($"\"balance\":{credits}", balance, StringComparison.Ordinal);

        var receipt = await EventuallyAsync(async () =>
        {
            await using var scope = _auth.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await db.MailboxMessages.AsNoTracking().Where(m => m.To == email).Select(m => m.Subject).FirstOrDefaultAsync();
        });
        Assert.False(string.IsNullOrEmpty(receipt));

        var report = new StringBuilder("P95 per hop (client-side, ms; printed, not asserted):\n");
        foreach (var (hop, samples) in _hops.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {hop,-72} n={samples.Count,3}  p95={Percentile(samples, 0.95),8:F2}");
        }

        output.WriteLine(report.ToString());
        var file = Environment.GetEnvironmentVariable("SCHOLAR_E2E_REPORT") ?? Path.Combine("TestResults", "e2e-split-hops.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.WriteAllTextAsync(file, report.ToString());
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _others)
        {
            await process.DisposeAsync();
        }
    }

    private async Task<T> TimedAsync<T>(string hop, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!_hops.TryGetValue(hop, out var samples))
        {
            _hops[hop] = samples = [];
        }

        samples.Add(elapsed);
        return result;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The purchase did not cross the processes within 30 s.");
            }
        }
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
