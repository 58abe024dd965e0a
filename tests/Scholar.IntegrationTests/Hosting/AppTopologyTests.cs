using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scholar.Application.Hosting;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Hosting;

/// <summary>A process hosting one app, as the split topology runs it (SCHOLAR_APPS=that app).</summary>
public sealed class SingleAppFactory(string app) : ScholarApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SCHOLAR_APPS"] = app,
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
    };
}

/// <summary>Each app's process serves its own routes (others are 404) and runs its own background work only (docs/topology.md).</summary>
public sealed class AppTopologyTests
{
    /// <summary>What every process runs, whatever it hosts.</summary>
    private static readonly string[] EveryProcess = ["IdempotencyKeyPurge", "InstanceHeartbeat", "KeyRingStartupCheck", "LatencyFlusher", "LatencyRetention"];

    private static readonly Dictionary<string, string[]> OwnWorkers = new()
    {
        [ScholarApps.Auth] = ["AlertEvaluationLoop", "OutboxDeliveryLoop", "PasswordResetIssuer"],
        [ScholarApps.StudentPilot] = ["OutboxDeliveryLoop"],
        [ScholarApps.ProviderRegister] = ["OutboxDeliveryLoop", "StripeKeyMonitor"],
        [ScholarApps.ScholarshipApi] = ["LedgerProbe"],
        [ScholarApps.AutoComCenter] = ["NotificationSendingLoop"],
    };

    /// <summary>One route of each app (GET or POST as it is mapped), answered by nothing but 404 elsewhere.</summary>
    private static readonly (string App, HttpMethod Method, string Path)[] Routes =
    [
        (ScholarApps.Auth, HttpMethod.Post, "/connect/token"),
        (ScholarApps.Auth, HttpMethod.Get, "/account/login"),
        (ScholarApps.Auth, HttpMethod.Get, "/.well-known/openid-configuration"),
        (ScholarApps.Auth, HttpMethod.Get, "/.well-known/jwks"),
        (ScholarApps.Auth, HttpMethod.Post, "/api/auth/signup"),
        (ScholarApps.Auth, HttpMethod.Get, "/api/ops/gates"),
        (ScholarApps.StudentPilot, HttpMethod.Get, "/pilot"),
        (ScholarApps.StudentPilot, HttpMethod.Post, "/api/checkout"),
        (ScholarApps.ProviderRegister, HttpMethod.Post, "/webhooks/stripe"),
        (ScholarApps.ScholarshipApi, HttpMethod.Get, "/api/credits/balance"),
        (ScholarApps.AutoComCenter, HttpMethod.Post, "/api/send"),
    ];

    public static TheoryData<string> Apps => [.. ScholarApps.All];

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task A_process_serves_its_own_routes_and_runs_its_own_workers_only(string app)
    {
        await using var host = new SingleAppFactory(app);
        await host.InitializeAsync();

        var workers = host.Services.GetServices<IHostedService>()
            .Select(w => w.GetType())
            .Where(t => t.Assembly.GetName().Name!.StartsWith("Scholar.", StringComparison.Ordinal))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal([.. EveryProcess.Concat(OwnWorkers[app]).Order(StringComparer.Ordinal)], workers);

        using var client = host.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var (owner, method, path) in Routes)
        {
            using var request = new HttpRequestMessage(method, path);
            var status = (await client.SendAsync(request)).StatusCode;
            if (owner == app)
            {
                Assert.True(status != HttpStatusCode.NotFound, $"{app} must serve {method} {path}");
            }
            else
            {
                Assert.True(status == HttpStatusCode.NotFound, $"{app} must not serve {owner}'s {method} {path} (answered {(int)status})");
            }
        }

        // What every process answers.
        foreach (var path in new[] { "/healthz", "/api/info" })
        {
            Assert.NotEqual(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }

        await ((IAsyncLifetime)host).DisposeAsync();
    }
}
