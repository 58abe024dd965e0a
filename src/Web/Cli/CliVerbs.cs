using System.Globalization;
using Scholar.Application.Payments.ReconcileStripe;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Web.Cli;

/// <summary>
/// Command-line verbs share the host's configuration and services:
/// <c>dotnet run --project src/Web -- migrate</c>.
/// </summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["migrate", "reconcile-stripe", "smoke-send", "secrets-check", "status-report"];

    /// <summary>The verb and its own arguments, if the first argument is a verb; the rest go to the host builder.</summary>
    public static (string? Verb, string[] VerbArgs, string[] HostArgs) Split(string[] args)
    {
        if (args.Length == 0 || !Verbs.Contains(args[0]))
        {
            return (null, [], args);
        }

        // Host settings (--urls, --environment, KEY=value) pass through; everything else belongs to the verb.
        var verbArgs = args[1..].TakeWhile(a => !a.StartsWith("--urls", StringComparison.Ordinal) && !a.StartsWith("--environment", StringComparison.Ordinal)).ToArray();
        return (args[0], verbArgs, args[(1 + verbArgs.Length)..]);
    }

    public static async Task<int> RunAsync(string verb, string[] verbArgs, WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (verb)
        {
            case "migrate":
                await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                Console.WriteLine("Migrations applied and seed data in place.");
                return 0;

            case "reconcile-stripe":
                var since = ParseSince(Option(verbArgs, "--since") ?? "72h", services.GetRequiredService<TimeProvider>().GetUtcNow());
                if (since is null)
                {
                    await Console.Error.WriteLineAsync("--since takes an ISO date/time (2026-11-20T00:00Z) or a duration (72h, 7d).");
                    return 2;
                }

                var results = await services.GetRequiredService<ReconcileStripeHandler>().HandleAsync(since.Value, CancellationToken.None);
                Console.WriteLine($"Paid sessions not fulfilled here, refunds and disputes since {since:u}: {results.Count}");
                foreach (var r in results)
                {
                    Console.WriteLine($"  {r.Subject}  payment {r.PaymentId?.ToString() ?? "-"}  → {r.Outcome}");
                }

                return 0;

            case "smoke-send":
                return await SmokeSend.RunAsync(Option(verbArgs, "--to"), services);

            case "secrets-check":
                return await SecretsCheckVerb.RunAsync(services, verbArgs, Console.Out);

            case "status-report":
                return await StatusReportVerb.RunAsync(services, verbArgs, Console.Out);

            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Known verbs: {string.Join(", ", Verbs)}.");
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
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
