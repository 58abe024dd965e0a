using System.Globalization;
using Scholar.Faults;

// Fault runs against real Scholar Web processes (see bench/README.md, "Fault runs"). bench/faults.sh
// prepares PostgreSQL, builds and migrates the template database, then runs this driver:
//   Scholar.Faults --web-dll src/Web/bin/Release/net10.0/Scholar.Web.dll --pg-port 5432 --template scholar_faults
//     [--runs a,b,c,d,e,f] [--deliveries 10000] [--duplicates 0.3] [--clients 16] [--consumers 4] [--kills 5]
//     [--outage-seconds 10] [--postmark-failure 0.3] [--drain-seconds 900] [--pg-stop CMD --pg-start CMD]
// Exit code 0 only when every run kept every invariant.

var options = FaultOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync(FaultOptions.Usage);
    return 2;
}

Directory.CreateDirectory(options.WorkDir);
var results = new List<RunResult>();
foreach (var run in options.Runs)
{
    var definition = FaultRun.Definitions.GetValueOrDefault(run);
    if (definition is null)
    {
        await Console.Error.WriteLineAsync($"unknown run '{run}' (a, b, c, d, e, f)");
        return 2;
    }

    if (definition.StopsPostgres && (options.PgStop is null || options.PgStart is null))
    {
        Console.WriteLine($"run ({run}) skipped: no --pg-stop/--pg-start command (PostgreSQL is not managed locally)");
        continue;
    }

    var result = await new FaultRun(definition, options).ExecuteAsync();
    result.Print();
    results.Add(result);
}

RunResult.PrintSummary(results);
return results.All(r => r.Violations.Count == 0) ? 0 : 1;

internal sealed record FaultOptions(
    string WebDll,
    int PgPort,
    string Template,
    IReadOnlyList<string> Runs,
    int Deliveries,
    double Duplicates,
    int Clients,
    int Consumers,
    int Users,
    int Kills,
    double OutageSeconds,
    double GraceSeconds,
    double DrainSeconds,
    double PostmarkFailure,
    double PostmarkTimeoutSeconds,
    string? PgStop,
    string? PgStart,
    string WorkDir,
    string CeoEmail,
    string CeoPassword,
    int LifecyclePayments)
{
    public const string Usage =
        "usage: Scholar.Faults --web-dll PATH --pg-port N --template DB [--runs a,b,c,d,e,f] [--deliveries 10000] [--payments 2000 (run f)] [--duplicates 0.3] " +
        "[--clients 16] [--consumers 4] [--users 8] [--kills 5] [--outage-seconds 10] [--grace-seconds 5] [--drain-seconds 900] " +
        "[--postmark-failure 0.3] [--postmark-timeout-seconds 2] [--pg-stop CMD --pg-start CMD] [--work DIR] [--ceo-email E --ceo-password P]";

    public string Server => $"Host=127.0.0.1;Port={PgPort};Username=scholar;Password={FaultsDatabase.Password};Timeout=5";

    public static FaultOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("web-dll", out var webDll) || !values.TryGetValue("template", out var template))
        {
            return null;
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        double Real(string name, double fallback) => values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var options = new FaultOptions(
            webDll,
            Int("pg-port", 5432),
            template,
            (values.GetValueOrDefault("runs") ?? "a,b,c,d,e,f").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Int("deliveries", 10_000),
            Real("duplicates", 0.3),
            Int("clients", 16),
            Int("consumers", 4),
            Int("users", 8),
            Int("kills", 5),
            Real("outage-seconds", 10),
            Real("grace-seconds", 5),
            Real("drain-seconds", 900),
            Real("postmark-failure", 0.3),
            Real("postmark-timeout-seconds", 2),
            values.GetValueOrDefault("pg-stop"),
            values.GetValueOrDefault("pg-start"),
            values.GetValueOrDefault("work") ?? Path.Combine(Path.GetTempPath(), "scholar-faults"),
            values.GetValueOrDefault("ceo-email") ?? "ceo@scholar.local",
            values.GetValueOrDefault("ceo-password") ?? "Scholar-dev-ceo-1!",
            Int("payments", 2_000));
        return options is { Deliveries: > 0, Duplicates: >= 0 and < 1, Clients: > 0, Consumers: >= 0, Users: > 1 } ? options : null;
    }
}
