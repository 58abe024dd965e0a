extern alias console;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("DATABASE_URL", databaseUrl ?? _database!.ConnectionString);
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

public sealed class ConsoleWithoutDatabase() : ConsoleServices($"postgres://scholar:scholar@127.0.0.1:{LoopbackPort.Free()}/nowhere");

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
