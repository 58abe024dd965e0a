using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using HdrHistogram;
using static Signing;

// Load harness for Scholar's hot paths. Starts nothing: point it at a running Web host (bench/run.sh does).
//   dotnet bench/Scholar.Bench/bin/Release/net10.0/Scholar.Bench.dll --base-url http://127.0.0.1:5281 --token <jwt> --clients 8 --seconds 10
// Prints a table and one machine-readable line per scenario:
//   RESULT <scenario> clients=<n> requests=<n> errors=<n> rps=<x> p50_ms=<x> p95_ms=<x> p99_ms=<x> max_ms=<x>
//          server_p50_ms=<x> server_p95_ms=<x> server_p99_ms=<x>
// Client latencies are measured here; server latencies come from each answer's Server-Timing header
// (app;dur=…), the time the host spent until it sent its headers.
// Scenario "webhook" fulfils pending payments (ids in --payments FILE, one per line: id,session_id) by
// posting Stripe-signed checkout.session.completed events (--webhook-secret); each id is used once.

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Scholar.Bench --base-url URL [--token JWT | --tokens FILE] [--clients 8] [--seconds 10] [--warmup 2] [--scenarios balance,consume,webhook,send] [--payments FILE --webhook-secret S] [--notify-secret S]");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Clients,
    PooledConnectionLifetime = TimeSpan.FromMinutes(10),
})
{
    BaseAddress = new Uri(options.BaseUrl),
    Timeout = TimeSpan.FromSeconds(30),
};
// Client i signs in as student i (--tokens, one JWT a line, reused round-robin), as students do not
// share one credit account; --token makes every client the same caller.
var tokens = options.TokensFile is not null
    ? File.ReadLines(options.TokensFile).Where(l => l.Length > 0).ToArray()
    : options.Token is not null ? [options.Token] : [];
AuthenticationHeaderValue? Bearer(int client) =>
    tokens.Length == 0 ? null : new AuthenticationHeaderValue("Bearer", tokens[client % tokens.Length]);

var pendingPayments = new ConcurrentQueue<string[]>(
    options.PaymentsFile is null ? [] : File.ReadLines(options.PaymentsFile).Select(l => l.Split(',')).Where(p => p.Length == 2));

Console.WriteLine($"Scholar.Bench: {options.BaseUrl}, {options.Clients} clients, {options.Seconds} s per scenario (+{options.Warmup} s warm-up)");
Console.WriteLine($"{"scenario",-10} {"requests",9} {"errors",7} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"srv p95",8}");

var exitCode = 0;
foreach (var scenario in options.Scenarios)
{
    Func<int, Task<Outcome>> call = scenario switch
    {
        "balance" => client => SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/credits/balance")
        {
            Headers = { Authorization = Bearer(client) },
        }),
        "consume" => client =>
        {
            var request = Json(HttpMethod.Post, "/api/credits/consume", """{"amount":1,"reason":"bench"}""");
            request.Headers.Authorization = Bearer(client);
            // A unique key per request: every call is a real consumption, never a replay.
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            return SendAsync(request);
        },
        "webhook" => _ =>
        {
            if (!pendingPayments.TryDequeue(out var payment))
            {
                throw new OutOfPaymentsException();
            }

            var payload = StripeEvent.CheckoutCompleted(payment[0], payment[1]);
            var request = Json(HttpMethod.Post, "/webhooks/stripe", payload);
            request.Headers.Add("Stripe-Signature", StripeEvent.Sign(options.WebhookSecret ?? "", payload));
            return SendAsync(request);
        },
        "send" => _ =>
        {
            var payload = $$"""{"template":"welcome","to":"bench-{{Guid.NewGuid():N}}@example.com","data":{"name":"Bench"},"idempotencyKey":"bench-{{Guid.NewGuid():N}}"}""";
            var request = Json(HttpMethod.Post, "/api/send", payload);
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("X-Scholar-Timestamp", t);
            request.Headers.Add("X-Scholar-Signature", "v1=" + Hmac(options.NotifySecret ?? "", $"{t}.{payload}"));
            return SendAsync(request);
        },
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (balance, consume, webhook, send)"),
    };

    await Drive(call, TimeSpan.FromSeconds(options.Warmup), options.Clients);
    var result = await Drive(call, TimeSpan.FromSeconds(options.Seconds), options.Clients);
    result.Print(scenario, options.Clients);
    if (result.Errors > 0)
    {
        Console.Error.WriteLine($"{scenario}: {result.Errors} non-2xx answers, first: {result.FirstError}");
        exitCode = 1;
    }
}

return exitCode;

static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
    new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

async Task<Outcome> SendAsync(HttpRequestMessage request)
{
    using (request)
    {
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return new Outcome((int)response.StatusCode, ServerTiming.Microseconds(response));
    }
}

static async Task<RunResult> Drive(Func<int, Task<Outcome>> call, TimeSpan duration, int clients)
{
    var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(index => Task.Run(async () =>
    {
        // One pair of histograms per client (they are not thread-safe); merged afterwards.
        var client = new RunResult(NewHistogram(), NewHistogram(), 0, null, TimeSpan.Zero);
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var before = Stopwatch.GetTimestamp();
            Outcome outcome;
            try
            {
                outcome = await call(index);
            }
            catch (OutOfPaymentsException)
            {
                break;
            }
            catch (HttpRequestException e)
            {
                client = client with { Errors = client.Errors + 1, FirstError = client.FirstError ?? e.Message };
                continue;
            }

            client.Latency.RecordValue(Stopwatch.GetTimestamp() - before);
            if (outcome.ServerMicroseconds is { } server)
            {
                client.ServerMicroseconds.RecordValue(server);
            }

            if (outcome.Status is < 200 or > 299)
            {
                client = client with { Errors = client.Errors + 1, FirstError = client.FirstError ?? $"HTTP {outcome.Status}" };
            }
        }

        return client;
    })));

    var merged = new RunResult(NewHistogram(), NewHistogram(), perClient.Sum(c => c.Errors),
        perClient.Select(c => c.FirstError).FirstOrDefault(e => e is not null), Stopwatch.GetElapsedTime(started));
    foreach (var client in perClient)
    {
        merged.Latency.Add(client.Latency);
        merged.ServerMicroseconds.Add(client.ServerMicroseconds);
    }

    return merged;
}

static LongHistogram NewHistogram() => new(TimeStamp.Seconds(60), 3);

internal sealed record Outcome(int Status, long? ServerMicroseconds);

internal sealed record RunResult(LongHistogram Latency, LongHistogram ServerMicroseconds, long Errors, string? FirstError, TimeSpan Elapsed)
{
    private double Ms(double percentile) =>
        Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / OutputScalingFactor.TimeStampToMilliseconds;

    private double ServerMs(double percentile) =>
        ServerMicroseconds.TotalCount == 0 ? double.NaN : ServerMicroseconds.GetValueAtPercentile(percentile) / 1000.0;

    public void Print(string scenario, int clients)
    {
        var rps = Latency.TotalCount / Elapsed.TotalSeconds;
        var (p50, p95, p99, max) = (Ms(50), Ms(95), Ms(99), Ms(100));
        var (s50, s95, s99) = (ServerMs(50), ServerMs(95), ServerMs(99));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario,-10} {Latency.TotalCount,9} {Errors,7} {rps,9:F0} {p50,8:F2} {p95,8:F2} {p99,8:F2} {max,8:F2} {s95,8:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {scenario} clients={clients} requests={Latency.TotalCount} errors={Errors} rps={rps:F1} p50_ms={p50:F3} p95_ms={p95:F3} p99_ms={p99:F3} max_ms={max:F3} server_p50_ms={s50:F3} server_p95_ms={s95:F3} server_p99_ms={s99:F3}"));
    }
}

/// <summary>Reads <c>Server-Timing: app;dur=1.234</c> (milliseconds) as whole microseconds.</summary>
internal static class ServerTiming
{
    public static long? Microseconds(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            return null;
        }

        foreach (var metric in values.SelectMany(v => v.Split(',')))
        {
            var parts = metric.Split(';', StringSplitOptions.TrimEntries);
            if (parts[0] != "app")
            {
                continue;
            }

            foreach (var parameter in parts.Skip(1))
            {
                if (parameter.StartsWith("dur=", StringComparison.Ordinal)
                    && double.TryParse(parameter.AsSpan(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    return (long)Math.Round(ms * 1000);
                }
            }
        }

        return null;
    }
}

internal sealed class OutOfPaymentsException : Exception;

internal sealed record BenchOptions(
    string BaseUrl, string? Token, string? TokensFile, int Clients, int Seconds, int Warmup, IReadOnlyList<string> Scenarios, string? PaymentsFile,
    string? WebhookSecret, string? NotifySecret)
{
    public static BenchOptions? Parse(string[] args)
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

        // The token is needed by the ledger scenarios; webhook and send sign their requests instead.
        var token = values.GetValueOrDefault("token");
        if (args.Length % 2 != 0 || !values.TryGetValue("base-url", out var baseUrl))
        {
            return null;
        }

        int Int(string name, int fallback) =>
            values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        var scenarios = values.TryGetValue("scenarios", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : ["balance", "consume"];
        var options = new BenchOptions(baseUrl.TrimEnd('/'), token, values.GetValueOrDefault("tokens"), Int("clients", 8), Int("seconds", 10), Int("warmup", 2), scenarios,
            values.GetValueOrDefault("payments"), values.GetValueOrDefault("webhook-secret"), values.GetValueOrDefault("notify-secret"));
        return options.Clients < 1 || options.Seconds < 1 || options.Warmup < 0 ? null : options;
    }
}
