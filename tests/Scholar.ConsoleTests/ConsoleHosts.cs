extern alias console;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using NSubstitute;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;
using ConsoleProgram = console::Program;

namespace Scholar.ConsoleTests;

/// <summary>The Web host (issuer and APIs) on a real 127.0.0.1 port, on the fixture's own database.</summary>
public sealed class WebHost : ScholarApiFactory
{
    private readonly IReadOnlyDictionary<string, string?> _extra;

    public WebHost(int port, string consoleBaseUrl, IReadOnlyDictionary<string, string?> extra)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        ConsoleBaseUrl = consoleBaseUrl;
        _extra = extra;
        UseKestrel(port);
    }

    public string BaseUrl { get; }

    public string ConsoleBaseUrl { get; }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(_extra)
    {
        ["APP_BASE_URL"] = BaseUrl,
        ["OIDC_ISSUER"] = BaseUrl + "/",
        ["OPSCONSOLE_BASE_URL"] = ConsoleBaseUrl,

        // Tests deliver the outbox themselves (DeliverReceiptsAsync): what the pages show is then known.
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
    };

    /// <summary>One pass of the outbox dispatcher (→ /api/send) and of the email sender (→ local mailbox).</summary>
    public async Task DeliverNotificationsAsync()
    {
        await Services.GetRequiredService<OutboxDeliveryLoop>().DispatchOnceAsync(CancellationToken.None);
        await Services.GetRequiredService<NotificationSendingLoop>().DispatchOnceAsync(CancellationToken.None);
    }
}

/// <summary>The ops console on its own real port, signing in through <see cref="WebHost"/>.</summary>
public sealed class ConsoleHost : WebApplicationFactory<ConsoleProgram>
{
    private readonly WebHost _web;

    public ConsoleHost(int port, WebHost web)
    {
        _web = web;
        BaseUrl = $"http://127.0.0.1:{port}";
        UseKestrel(port);
    }

    public string BaseUrl { get; }

    /// <summary>The Postmark server the console's message links name.</summary>
    public const string PostmarkServerId = "4242";

    /// <summary>DNS is the outside world: the sender domain's records are whatever the test says.</summary>
    public static SenderDomainPosture Posture { get; } = new("scholar.local",
        new DnsRecordCheck("SPF", "scholar.local", true, "v=spf1 include:spf.mtasv.net ~all", "SPF includes Postmark."),
        new DnsRecordCheck("DKIM", "pm._domainkey.scholar.local", false, null, "No DKIM record found."),
        new DnsRecordCheck("DMARC", "_dmarc.scholar.local", true, "v=DMARC1; p=none", "DMARC policy present."));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", _web.Database.ConnectionString);
        builder.UseSetting("APP_BASE_URL", _web.BaseUrl);
        builder.UseSetting("OIDC_ISSUER", _web.BaseUrl + "/");
        builder.UseSetting("OPSCONSOLE_BASE_URL", BaseUrl);
        builder.UseSetting("DELIVERABILITY_TEST_INBOXES", "seed-1@inbox.test,seed-2@inbox.test,seed-3@inbox.test");
        builder.UseSetting("POSTMARK_SERVER_ID", PostmarkServerId);
        builder.ConfigureServices(services =>
        {
            var dns = Substitute.For<ISenderDomainCheck>();
            dns.CheckAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(Posture);
            services.RemoveAll<ISenderDomainCheck>();
            services.AddSingleton(dns);
        });
    }
}

/// <summary>
/// Both hosts on real ports and one headless Debian Chromium, shared by the browser tests: host
/// start-up and browser launch cost seconds, a new browser context milliseconds.
/// </summary>
public class ConsoleHosts : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public ConsoleHosts()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="webSettings">Settings of the Web host beyond its addresses (keys, secrets, hosted apps).</param>
    protected ConsoleHosts(IReadOnlyDictionary<string, string?> webSettings)
    {
        var consolePort = LoopbackPort.Free();
        Web = new WebHost(LoopbackPort.Free(), $"http://127.0.0.1:{consolePort}", webSettings);
        Console = new ConsoleHost(consolePort, Web);
    }

    public WebHost Web { get; }

    public ConsoleHost Console { get; }

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            return;
        }

        // Creates the database and seeds the clients (the console's redirect URI included).
        await ((IAsyncLifetime)Web).InitializeAsync();
        await ArrangeAsync();
        Console.StartServer();
        Directory.CreateDirectory(ScreenshotDirectory);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Puts data in place before the console starts; nothing by default.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    /// <summary>A student buys a package through the student API and the sandbox pays it (real HTTP webhook).</summary>
    public async Task<(Guid PaymentId, string Email)> SandboxPurchaseAsync()
    {
        var (userId, email) = await Web.CreateUserAsync();
        var token = await Web.GetUserTokenAsync(email, AuthTestExtensions.TestPassword);
        using var student = Web.CreateBearerClient(token);
        var checkout = await (await student.PostAsJsonAsync("/api/checkout", new { packageId = "standard-120" })).Content.ReadFromJsonAsync<JsonElement>();
        var session = checkout.GetProperty("checkoutSessionId").GetString();
        using var anonymous = Web.CreateClient();
        (await anonymous.PostAsync($"/sandbox/checkout/{session}/pay", null)).EnsureSuccessStatusCode();
        await Web.DeliverNotificationsAsync();
        Assert.NotEqual(Guid.Empty, userId);
        return (checkout.GetProperty("paymentId").GetGuid(), email);
    }

    /// <summary>A fresh browser profile (no cookies) on the console.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Console.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Console.DisposeAsync();
        await ((IAsyncLifetime)Web).DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<ConsoleHosts>
{
    public const string Name = "console";
}

/// <summary>A browser test; skipped, saying why, only where Debian's Chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(ConsoleHosts.ChromiumPath))
        {
            Skip = $"{ConsoleHosts.ChromiumPath} is missing: install Debian's chromium (./test.sh does) to run the browser tests.";
        }
    }
}
