using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Hosting;
using Scholar.Application.Ops;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Infrastructure.Persistence;
using Scholar.Web.Cli;

namespace Scholar.IntegrationTests.Ops;

public sealed class SecretsCheckFactory : OpsApiFactory
{
    public static readonly Dictionary<string, string> Secrets = new()
    {
        ["NOTIFY_WEBHOOK_SECRET"] = "notify-secret-Zq8v3LrT0wKp",
        ["STRIPE_WEBHOOK_SECRET"] = "whsec_TestOnlyValue7Hk2",
        ["POSTMARK_SERVER_TOKEN"] = "pm-token-5f1e2d3c4b9a",
        ["SESSION_SECRET"] = "session-secret-Vb6n1Mq0",
    };

    protected override IReadOnlyDictionary<string, string?> Settings => Secrets.ToDictionary(kv => kv.Key, string? (kv) => kv.Value);
}

public sealed class SecretsCheckTests(SecretsCheckFactory factory) : IClassFixture<SecretsCheckFactory>
{
    private sealed record Item(string Name, string Category, bool Present, string Source, string? Warning = null);

    /// <summary>What each name must report: set by the test or the process environment, a development default, or nothing.</summary>
    private static string ExpectedSource(string name) =>
        SecretsCheckFactory.Secrets.ContainsKey(name) || name == "DATABASE_URL" || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))
            ? "env"
            : DevelopmentDefaults.Values.ContainsKey(name) ? "default" : "missing";

    [Fact]
    public async Task Lists_every_expected_name_of_all_five_apps_with_its_source()
    {
        var response = await (await factory.ClientAsAsync("operator")).GetAsync("/api/ops/secrets-check");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var apps = JsonSerializer.Deserialize<Dictionary<string, List<Item>>>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(ScholarApps.All.Order(), apps.Keys.Order());
        foreach (var app in ScholarApps.All)
        {
            var expected = SettingsCatalog.For(app);
            Assert.Equal(expected.Select(s => s.Name), apps[app].Select(i => i.Name));
            Assert.Equal(expected.Select(s => s.Category.ToString().ToLowerInvariant()), apps[app].Select(i => i.Category));
            Assert.All(apps[app], i =>
            {
                Assert.Equal(ExpectedSource(i.Name), i.Source);
                Assert.Equal(i.Source == "env", i.Present);
            });
        }

        Assert.Contains(apps[ScholarApps.ProviderRegister], i => i is { Name: "APP_BASE_URL", Source: "default", Present: false });
        Assert.Contains(apps[ScholarApps.AutoComCenter], i => i is { Name: "NOTIFY_WEBHOOK_SECRET", Source: "env", Present: true });
        AssertNoSecretIn(text);
    }

    [Fact]
    public async Task A_notify_secret_under_32_characters_is_flagged()
    {
        Assert.True(SecretsCheckFactory.Secrets["NOTIFY_WEBHOOK_SECRET"].Length < 32);

        var apps = await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<Dictionary<string, List<Item>>>("/api/ops/secrets-check");

        var notify = Assert.Single(apps![ScholarApps.AutoComCenter], i => i.Name == "NOTIFY_WEBHOOK_SECRET");
        Assert.Contains("shorter than 32 characters", notify.Warning, StringComparison.Ordinal);
        Assert.All(apps[ScholarApps.AutoComCenter].Where(i => i.Name != "NOTIFY_WEBHOOK_SECRET"), i => Assert.Null(i.Warning));
    }

    [Fact]
    public async Task One_app_can_be_asked_for_and_an_unknown_app_is_a_400()
    {
        var client = (await factory.ClientAsAsync("ceo"));

        var one = await client.GetFromJsonAsync<Dictionary<string, List<Item>>>("/api/ops/secrets-check?app=student_pilot");
        var unknown = await client.GetAsync("/api/ops/secrets-check?app=payments");

        Assert.Equal([ScholarApps.StudentPilot], one!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("provider_register", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_an_operator()
    {
        var anonymous = await factory.CreateClient().GetAsync("/api/ops/secrets-check");
        var student = await (await factory.ClientAsAsync("student")).GetAsync("/api/ops/secrets-check");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
    }

    [Fact]
    public async Task Heartbeat_records_apps_states_and_a_fingerprint_but_no_value()
    {
        await factory.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = factory.Services.GetRequiredService<InstanceIdentity>().Id;
        var row = await db.AppInstances.AsNoTracking().SingleAsync(i => i.InstanceId == id);
        Assert.Equal(ScholarApps.All, row.Apps);
        Assert.Equal(SecretState.Present, row.NotifySecretState);
        Assert.Equal(SecretFingerprint.Of(SecretsCheckFactory.Secrets["NOTIFY_WEBHOOK_SECRET"], SecretsCheckFactory.Secrets["SESSION_SECRET"]), row.NotifySecretFingerprint);
        Assert.Equal(16, row.NotifySecretFingerprint!.Length);
        Assert.Equal(StripeKeyKind.Missing, row.StripePublicKeyKind);
        Assert.Equal(ScholarApps.All.Sum(a => SettingsCatalog.For(a).Count), row.SecretsSnapshot.Count);
        Assert.Contains(row.SecretsSnapshot, s => s is { App: ScholarApps.Auth, Name: "OIDC_SIGNING_KEY", State: SecretState.Missing });

        var stored = await db.Database.SqlQuery<string>($"SELECT row_to_json(i)::text AS \"Value\" FROM app_instances i").ToListAsync();
        Assert.All(stored, AssertNoSecretIn);
    }

    [Fact]
    public async Task A_process_hosting_other_apps_reports_them_from_a_live_instance_heartbeat()
    {
        await factory.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);
        // It hosts the issuer too, so it validates the operator's token locally (keys are in the shared database).
        // Every instance on one database shares SESSION_SECRET: it decrypts the shared key ring.
        await using var notifier = new SecondInstance(factory, new Dictionary<string, string?>
        {
            ["SCHOLAR_APPS"] = $"{ScholarApps.AutoComCenter},{ScholarApps.Auth}",
            ["SESSION_SECRET"] = SecretsCheckFactory.Secrets["SESSION_SECRET"],
        });

        var remote = await notifier.CreateClientLike(await factory.ClientAsAsync("operator"))
            .GetFromJsonAsync<Dictionary<string, List<Item>>>("/api/ops/secrets-check?app=provider_register");
        var own = await notifier.CreateClientLike(await factory.ClientAsAsync("operator")).GetFromJsonAsync<Dictionary<string, List<Item>>>("/api/ops/secrets-check?app=auto_com_center");

        Assert.Contains(remote![ScholarApps.ProviderRegister], i => i is { Name: "NOTIFY_WEBHOOK_SECRET", Source: "env" });
        // The second process was given no other secret.
        Assert.Contains(own![ScholarApps.AutoComCenter], i => i is { Name: "NOTIFY_WEBHOOK_SECRET", Present: false });
    }

    [Fact]
    public async Task Cli_verb_prints_the_same_check_and_fails_when_a_required_name_is_missing()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var output = new StringWriter();

        var exit = await SecretsCheckVerb.RunAsync(scope.ServiceProvider, ["scholar_auth"], output);

        var text = output.ToString();
        Assert.Equal(1, exit);
        Assert.Contains("Secrets Check: scholar_auth", text, StringComparison.Ordinal);
        Assert.Contains("SESSION_SECRET", text, StringComparison.Ordinal);
        Assert.Contains("missing — development default in use", text, StringComparison.Ordinal);
        AssertNoSecretIn(text);
    }

    [Fact]
    public async Task No_configured_secret_value_reaches_the_logs()
    {
        await (await factory.ClientAsAsync("operator")).GetAsync("/api/ops/secrets-check");
        await factory.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);

        Assert.NotEmpty(factory.Logs.Lines);
        Assert.All(factory.Logs.Lines, AssertNoSecretIn);
    }

    [Fact]
    public async Task Status_report_of_each_app_has_the_four_sections_and_no_secret_value()
    {
        await factory.Services.GetRequiredService<InstanceHeartbeat>().RunOnceAsync(CancellationToken.None);
        var client = (await factory.ClientAsAsync("operator"));

        foreach (var app in ScholarApps.All)
        {
            var response = await client.GetAsync($"/api/ops/status-report/{app}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.StartsWith($"# Production Status Report: {app}", text, StringComparison.Ordinal);
            string[] headings = ["## 1. Status", "## 2. Secrets Check", "## 3. KPIs & Evidence", "## 4. Risks & Next Actions"];
            Assert.Equal(headings, text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
            Assert.All(SettingsCatalog.For(app), s => Assert.Contains($"| {s.Name} |", text, StringComparison.Ordinal));
            Assert.Contains("**Verdict:", text, StringComparison.Ordinal);
            AssertNoSecretIn(text);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/ops/status-report/payments")).StatusCode);
    }

    [Fact]
    public async Task Cli_status_report_prints_the_same_markdown()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await using var output = new StringWriter();

        var exit = await StatusReportVerb.RunAsync(scope.ServiceProvider, ["provider_register", "--window", "1h"], output);

        Assert.Equal(0, exit);
        Assert.Contains("## 4. Risks & Next Actions", output.ToString(), StringComparison.Ordinal);
        AssertNoSecretIn(output.ToString());
    }

    private static void AssertNoSecretIn(string text)
    {
        foreach (var value in SecretsCheckFactory.Secrets.Values)
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }
}
