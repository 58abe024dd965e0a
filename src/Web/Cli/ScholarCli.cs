using System.CommandLine;
using System.Globalization;
using Scholar.Application.Payments.ReconcileStripe;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Web.Cli;

/// <summary>
/// The command line (System.CommandLine): <c>dotnet run --project src/Web -- &lt;verb&gt; [options]</c>.
/// Help, per-verb help and mistakes are answered before any host is built (no database, no
/// settings needed); a verb that runs builds the host for its services. A mistake exits 2 with
/// what was wrong and, for a misspelt verb or option, the likely one.
/// </summary>
public static class ScholarCli
{
    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?", "--version"];

    /// <summary>
    /// Whether <paramref name="args"/> are a command rather than host settings: a first word that is not
    /// an option (a verb, or a misspelt one), or a request for help. <c>--urls …</c>, <c>KEY=value</c>
    /// and no arguments at all start the host.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpTokens.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)));

    /// <summary>Parses and runs <paramref name="args"/>; <paramref name="buildHost"/> is called only by a verb that runs.</summary>
    public static async Task<int> InvokeAsync(string[] args, Func<WebApplication> buildHost, TextWriter? output = null, TextWriter? error = null)
    {
        var root = Build(buildHost);
        var parsed = root.Parse(args);
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output ?? Console.Out, Error = error ?? Console.Error });
        return parsed.Errors.Count > 0 ? 2 : exit;
    }

    private static RootCommand Build(Func<WebApplication> buildHost)
    {
        var root = new RootCommand("Scholar's Web host. Without a verb it serves HTTP (settings from the environment, --urls to listen elsewhere).");

        var migrate = new Command("migrate", "Apply the database migrations and the seed data (clients, the bootstrap ceo, packages).");
        migrate.SetAction((_, ct) => WithServicesAsync(buildHost, async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            Console.WriteLine("Migrations applied and seed data in place.");
            return 0;
        }));

        var since = new Option<string>("--since") { Description = "How far back: a duration (72h, 7d) or an ISO date/time (2026-11-20T00:00Z).", DefaultValueFactory = _ => "72h" };
        var reconcile = new Command("reconcile-stripe", "Bring in paid sessions, refunds and disputes Stripe knows and this database does not.") { since };
        reconcile.SetAction((parsed, ct) => WithServicesAsync(buildHost, async services =>
        {
            var from = ParseSince(parsed.GetValue(since)!, services.GetRequiredService<TimeProvider>().GetUtcNow());
            if (from is null)
            {
                await Console.Error.WriteLineAsync("--since takes an ISO date/time (2026-11-20T00:00Z) or a duration (72h, 7d).");
                return 2;
            }

            var results = await services.GetRequiredService<ReconcileStripeHandler>().HandleAsync(from.Value, ct);
            Console.WriteLine($"Paid sessions not fulfilled here, refunds and disputes since {from:u}: {results.Count}");
            foreach (var r in results)
            {
                Console.WriteLine($"  {r.Subject}  payment {r.PaymentId?.ToString() ?? "-"}  → {r.Outcome}");
            }

            return 0;
        }));

        var to = new Option<string>("--to") { Description = "The address the test email goes to.", Required = true };
        var smokeSend = new Command("smoke-send", "Send one test email through POST /api/send, as the platform apps do.") { to };
        smokeSend.SetAction((parsed, _) => WithServicesAsync(buildHost, services => SmokeSend.RunAsync(parsed.GetValue(to), services)));

        var checkedApp = new Argument<string?>("app") { Description = "One app (scholar_auth, student_pilot, provider_register, scholarship_api, auto_com_center); all when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var secretsCheck = new Command("secrets-check", "Which settings each app has, by name and source (never their values); exits 1 when a required one is missing.") { checkedApp };
        secretsCheck.SetAction((parsed, _) => WithServicesAsync(buildHost, services =>
            SecretsCheckVerb.RunAsync(services, parsed.GetValue(checkedApp) is { } one ? [one] : [], Console.Out)));

        var reportedApp = new Argument<string>("app") { Description = "provider_register or auto_com_center." };
        var window = new Option<string?>("--window") { Description = "15m, 1h, 24h or run (the current validation run)." };
        var statusReport = new Command("status-report", "The Production Status Report of an app, as Markdown.") { reportedApp, window };
        statusReport.SetAction((parsed, _) => WithServicesAsync(buildHost, services =>
        {
            string[] args = parsed.GetValue(window) is { } w ? [parsed.GetValue(reportedApp)!, "--window", w] : [parsed.GetValue(reportedApp)!];
            return StatusReportVerb.RunAsync(services, args, Console.Out);
        }));

        root.Add(migrate);
        root.Add(reconcile);
        root.Add(smokeSend);
        root.Add(secretsCheck);
        root.Add(statusReport);
        return root;
    }

    private static async Task<int> WithServicesAsync(Func<WebApplication> buildHost, Func<IServiceProvider, Task<int>> run)
    {
        await using var app = buildHost();
        await using var scope = app.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider);
    }

    private static DateTimeOffset? ParseSince(string value, DateTimeOffset now)
    {
        if (value.Length > 1 && int.TryParse(value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            switch (value[^1])
            {
                case 'h':
                    return now.AddHours(-n);
                case 'd':
                    return now.AddDays(-n);
            }
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
