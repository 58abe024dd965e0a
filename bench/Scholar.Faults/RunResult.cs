using System.Globalization;

namespace Scholar.Faults;

/// <summary>The figures of one run and the invariant violations found after it.</summary>
internal sealed class RunResult(RunDefinition run)
{
    public RunDefinition Run => run;

    public int Deliveries { get; set; }

    public int Duplicates { get; set; }

    public double LoadSeconds { get; set; }

    public bool Drained { get; set; }

    public Tally Webhooks { get; set; } = new();

    public Tally Consumes { get; set; } = new();

    public long Consumed { get; set; }

    public long ConsumeRefused { get; set; }

    public long ConsumptionEntries { get; set; }

    public long Purchases { get; set; }

    public long ReceiptsSent { get; set; }

    public long ReceiptsDead { get; set; }

    public long ReceiptsStuck { get; set; }

    public long OutboxDead { get; set; }

    public long StubCalls { get; set; }

    public long StubAccepted { get; set; }

    public long StubAcceptedDistinct { get; set; }

    public string StubFaults { get; set; } = "";

    public int Restarts { get; set; }

    public long ServerErrorsOutside { get; set; }

    public string WebLogs { get; set; } = "";

    public IReadOnlyList<(TimeSpan From, TimeSpan To, string What)> Windows { get; set; } = [];

    public List<string> DeadReasons { get; } = [];

    public List<string> Notes { get; } = [];

    public List<string> Violations { get; } = [];

    public void Print()
    {
        var rows = new List<(string, string)>
        {
            ("deliveries (unique events + duplicates)", $"{Deliveries} ({Deliveries - Duplicates} + {Duplicates})"),
            ("delivery attempts / retries", $"{Webhooks.Attempts} / {Webhooks.Attempts - Deliveries}"),
            ("answers 2xx / 4xx / 5xx / no answer", $"{Webhooks.Ok} / {Webhooks.ClientErrors} / {Webhooks.ServerErrors} / {Webhooks.ConnectionErrors}"),
            ("load duration", string.Create(CultureInfo.InvariantCulture, $"{LoadSeconds:F0} s ({Deliveries / Math.Max(LoadSeconds, 0.001):F0} deliveries/s)")),
            ("fault windows", Windows.Count == 0 ? "none" : string.Join("; ", Windows.Select(w =>
                string.Create(CultureInfo.InvariantCulture, $"{w.What} {w.From.TotalSeconds:F1}–{w.To.TotalSeconds:F1} s")))),
            ("Web restarts", Restarts.ToString(CultureInfo.InvariantCulture)),
            ("5xx outside fault windows", ServerErrorsOutside.ToString(CultureInfo.InvariantCulture)),
            ("purchase entries", Purchases.ToString(CultureInfo.InvariantCulture)),
            ("consumes 200 / 409 / 5xx / no answer", $"{Consumed} / {ConsumeRefused} / {Consumes.ServerErrors} / {Consumes.ConnectionErrors}"),
            ("consumption entries", ConsumptionEntries.ToString(CultureInfo.InvariantCulture)),
            ("Postmark calls / injected faults", $"{StubCalls} / {(StubFaults.StartsWith("0 5xx, 0 429, 0 timeouts", StringComparison.Ordinal) ? "none" : StubFaults)}"),
            ("Postmark accepted (distinct receipts)", $"{StubAccepted} ({StubAcceptedDistinct})"),
            ("receipts sent / dead-lettered / stuck", $"{ReceiptsSent} / {ReceiptsDead} / {ReceiptsStuck}"),
            ("outbox rows dead-lettered", OutboxDead.ToString(CultureInfo.InvariantCulture)),
            ("invariant violations", Violations.Count.ToString(CultureInfo.InvariantCulture)),
        };
        if (DeadReasons.Count > 0)
        {
            rows.Add(("dead-letter reasons", string.Join("; ", DeadReasons.GroupBy(r => r).Select(g => $"{g.Count()}× {g.Key}"))));
        }

        Console.WriteLine();
        Console.WriteLine($"run ({run.Name}) {run.Title}");
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"  {name.PadRight(width)}  {value}");
        }

        foreach (var note in Notes)
        {
            Console.WriteLine($"  note: {note}");
        }

        foreach (var violation in Violations)
        {
            Console.WriteLine($"  VIOLATION: {violation}");
        }

        Console.WriteLine($"  Web logs: {WebLogs}");
    }

    public static void PrintSummary(IReadOnlyList<RunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"run",-4} {"deliveries",10} {"dups",6} {"2xx",7} {"4xx",5} {"5xx",6} {"5xx out",7} {"no ans",6} {"retries",7} {"purchases",9} {"consumed",8} {"sent",6} {"dead",5} {"violations",10}");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Run.Name,-4} {r.Deliveries,10} {r.Duplicates,6} {r.Webhooks.Ok,7} {r.Webhooks.ClientErrors,5} {r.Webhooks.ServerErrors,6} {r.ServerErrorsOutside,7} {r.Webhooks.ConnectionErrors,6} {r.Webhooks.Attempts - r.Deliveries,7} {r.Purchases,9} {r.Consumed,8} {r.ReceiptsSent,6} {r.ReceiptsDead,5} {r.Violations.Count,10}"));
        }

        var failed = results.Count(r => r.Violations.Count > 0);
        Console.WriteLine(failed == 0
            ? $"all {results.Count} fault runs kept every invariant"
            : $"{failed} of {results.Count} fault runs broke an invariant");
    }
}
