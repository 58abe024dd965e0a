extern alias console;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSubstitute;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;
using ConsoleProgram = console::Program;
using Pages = console::Scholar.OpsConsole.Pages;

namespace Scholar.ConsoleTests;

/// <summary>The console's container on a database of its own (or on none at all), without a browser.</summary>
public class ConsoleServices : WebApplicationFactory<ConsoleProgram>, IAsyncLifetime
{
    private readonly string? databaseUrl;
    private TestDatabase? _database;

    public ConsoleServices()
    {
    }

    /// <summary>On a database that is not there: nothing listens on the URL's port.</summary>
    protected ConsoleServices(string databaseUrl) => this.databaseUrl = databaseUrl;

    public async Task InitializeAsync()
    {
        if (databaseUrl is null)
        {
            _database = await TestDatabase.CreateAsync();
            await using var scope = Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }
    }

    /// <summary>A page model built by the container, with a request of its own (status codes, user).</summary>
    public static T Page<T>(IServiceScope scope)
        where T : PageModel
    {
        var page = ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider);
        page.PageContext = new PageContext { HttpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider } };
        return page;
    }

    /// <summary>The database URL of this host, to prove it never reaches a page.</summary>
    public string DatabaseUrl => databaseUrl ?? _database!.ConnectionString;

    /// <summary>A client whose requests the console sees as an operator's (sign-in has browser tests of its own).</summary>
    public HttpClient CreateOperatorClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", databaseUrl ?? _database!.ConnectionString);
        builder.UseSetting("DELIVERABILITY_TEST_INBOXES", "seed-1@inbox.test,seed-2@inbox.test,seed-3@inbox.test");
        builder.ConfigureTestServices(services =>
        {
            var dns = Substitute.For<ISenderDomainCheck>();
            dns.CheckAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(ConsoleHost.Posture);
            services.RemoveAll<ISenderDomainCheck>();
            services.AddSingleton(dns);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, OperatorAuthentication>(OperatorAuthentication.SchemeName, null);
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                o.DefaultScheme = OperatorAuthentication.SchemeName;
                o.DefaultAuthenticateScheme = OperatorAuthentication.SchemeName;
                o.DefaultChallengeScheme = OperatorAuthentication.SchemeName;
            });
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class PageModelTests(ConsoleServices console) : IClassFixture<ConsoleServices>
{
    [Fact]
    public async Task Dashboard_on_a_new_database_shows_a_verdict_and_says_no_run_exists_yet()
    {
        using var scope = console.Services.CreateScope();
        var page = ConsoleServices.Page<Pages.IndexModel>(scope);
        page.Window = "run";

        await page.OnGetAsync(CancellationToken.None);

        Assert.Matches("^(GO|HOLD|NO-GO)$", page.Gates.Verdict);
        Assert.Null(page.Kpis);
        Assert.Contains("No validation run yet", page.WindowProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_refuses_an_unknown_window_with_400_and_says_which_windows_exist()
    {
        using var scope = console.Services.CreateScope();
        var page = ConsoleServices.Page<Pages.IndexModel>(scope);
        page.Window = "7d";

        await page.OnGetAsync(CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, page.Response.StatusCode);
        Assert.Contains("7d", page.WindowProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payments_mailbox_and_audit_log_are_empty_before_anything_happened()
    {
        using var scope = console.Services.CreateScope();
        var payments = ConsoleServices.Page<Pages.Payments.IndexModel>(scope);
        var mailbox = ConsoleServices.Page<Pages.Mailbox.IndexModel>(scope);
        var audit = ConsoleServices.Page<Pages.Audit.IndexModel>(scope);

        await payments.OnGetAsync(CancellationToken.None);
        await mailbox.OnGetAsync(CancellationToken.None);
        await audit.OnGetAsync(CancellationToken.None);

        Assert.Empty(payments.Results.Items);
        Assert.Null(payments.Problem);
        Assert.Empty(mailbox.Messages);
        Assert.Empty(audit.Entries);
    }

    [Fact]
    public async Task Payments_refuses_an_unknown_status_filter_with_400_and_a_plain_message()
    {
        using var scope = console.Services.CreateScope();
        var page = ConsoleServices.Page<Pages.Payments.IndexModel>(scope);
        page.Status = "lost";

        await page.OnGetAsync(CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, page.Response.StatusCode);
        Assert.Equal("'lost' is not a payment status. Pick one from the list.", page.Problem);
    }

    [Fact]
    public async Task Unknown_payment_and_mailbox_message_are_404()
    {
        using var scope = console.Services.CreateScope();

        var payment = await ConsoleServices.Page<Pages.Payments.DetailModel>(scope).OnGetAsync(Guid.NewGuid(), CancellationToken.None);
        var message = await ConsoleServices.Page<Pages.Mailbox.MessageModel>(scope).OnGetAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<NotFoundResult>(payment);
        Assert.IsType<NotFoundResult>(message);
    }
}

/// <summary>
/// A database address nothing answers on: port 1 is privileged and unused, so the connection is refused
/// at once. (A port that was merely free when the class started can be taken by another host meanwhile:
/// a run here once met an HTTP server there.)
/// </summary>
public sealed class ConsoleWithoutDatabase() : ConsoleServices("postgres://scholar:scholar@127.0.0.1:1/nowhere");

public sealed class DatabaseDownTests
{
    [Fact]
    public async Task A_page_read_with_the_database_down_is_reported_as_database_unreachable()
    {
        await using var console = new ConsoleWithoutDatabase();
        using var scope = console.Services.CreateScope();
        var page = ConsoleServices.Page<Pages.Payments.IndexModel>(scope);

        var error = await Record.ExceptionAsync(() => page.OnGetAsync(CancellationToken.None));

        Assert.NotNull(error);
        Assert.True(Pages.ErrorModel.IsDatabaseDown(error), $"Not recognised as the database being down: {error.GetType()}");
        Assert.False(Pages.ErrorModel.IsDatabaseDown(new InvalidOperationException("a bug")));
    }
}

/// <summary>Every request is an operator's: these tests are about what pages say, not about signing in.</summary>
public sealed class OperatorAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-operator";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity(
            [new Claim(ScholarClaims.Subject, "00000000-0000-0000-0000-00000000000a"), new Claim("name", "Test Operator"), new Claim(ScholarClaims.Role, Roles.Operator)],
            SchemeName, "name", ScholarClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

public sealed class EmptyPagesTests(ConsoleServices console) : IClassFixture<ConsoleServices>
{
    [Theory]
    [InlineData("/gates", "No live instance of provider_register has reported.")]
    [InlineData("/secrets?app=auto_com_center", "No live instance reports auto_com_center: start a process that hosts it")]
    [InlineData("/reports?app=provider_register", "Instances: none has reported in the last few minutes")]
    [InlineData("/runs", "No validation run yet.")]
    [InlineData("/funnel", "The funnel has not changed since it was seeded.")]
    [InlineData("/deliverability", "No inbox test has run yet.")]
    public async Task A_page_on_a_new_database_says_plainly_that_nothing_has_happened_yet(string path, string says)
    {
        using var client = console.CreateOperatorClient();

        var response = await client.GetAsync(path);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(says, text, StringComparison.Ordinal);
        PageText.ShowsNoInternals(text, console.DatabaseUrl);
    }
}

public sealed class DatabaseDownPagesTests(ConsoleWithoutDatabase console) : IClassFixture<ConsoleWithoutDatabase>
{
    [Theory]
    [InlineData("/gates")]
    [InlineData("/secrets?app=auto_com_center")]
    [InlineData("/reports?app=provider_register")]
    [InlineData("/runs")]
    [InlineData("/funnel")]
    [InlineData("/deliverability")]
    public async Task A_page_with_the_database_down_says_so_with_503_and_shows_no_internals(string path)
    {
        using var client = console.CreateOperatorClient();

        var response = await client.GetAsync(path);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {text}");
        Assert.Contains("The database is unreachable", text, StringComparison.Ordinal);
        Assert.Contains("Check DATABASE_URL and the database server, then reload.", System.Text.RegularExpressions.Regex.Replace(text, "<[^>]+>", ""), StringComparison.Ordinal);
        PageText.ShowsNoInternals(text, console.DatabaseUrl);
    }
}

public static class PageText
{
    /// <summary>No stack trace, exception name, connection string or development secret value in what a person sees.</summary>
    public static void ShowsNoInternals(string page, string databaseUrl)
    {
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page, StringComparison.Ordinal);
        var database = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(databaseUrl));
        Assert.DoesNotContain(databaseUrl, page, StringComparison.Ordinal);
        Assert.DoesNotContain(database.Database!, page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{database.Host}:{database.Port}", page, StringComparison.Ordinal);
        foreach (var (name, value) in DevelopmentDefaults.Values)
        {
            if (name.Contains("SECRET", StringComparison.Ordinal) || name.Contains("TOKEN", StringComparison.Ordinal) || name.Contains("PASSWORD", StringComparison.Ordinal))
            {
                Assert.DoesNotContain(value, page, StringComparison.Ordinal);
            }
        }
    }
}
