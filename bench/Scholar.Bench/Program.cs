using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using HdrHistogram;
using static Signing;

// Load harness for the ledger endpoints. Starts nothing: point it at a running Web host.
//   dotnet run -c Release --project bench/Scholar.Bench -- --base-url http://127.0.0.1:5081 --token <jwt> --clients 8 --seconds 10
// Prints a table and one machine-readable line per scenario:
//   RESULT <scenario> requests=<n> errors=<n> rps=<x> p50_ms=<x> p95_ms=<x> p99_ms=<x> max_ms=<x>
// Scenario "webhook" fulfils pending payments (ids in --payments FILE, one per line: id,session_id) by
// posting Stripe-signed checkout.session.completed events (--webhook-secret); each id is used once.

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: Scholar.Bench --base-url URL [--token JWT] [--clients 8] [--seconds 10] [--warmup 2] [--scenarios balance,consume,webhook,send] [--payments FILE --webhook-secret S] [--notify-secret S]");
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
if (options.Token is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
}

var pendingPayments = new ConcurrentQueue<string[]>(
    options.PaymentsFile is null ? [] : File.ReadLines(options.PaymentsFile).Select(l => l.Split(',')).Where(p => p.Length == 2));

Console.WriteLine($"Scholar.Bench: {options.BaseUrl}, {options.Clients} clients, {options.Seconds} s per scenario (+{options.Warmup} s warm-up)");
Console.WriteLine($"{"scenario",-10} {"requests",9} {"errors",7} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");

var exitCode = 0;
foreach (var scenario in options.Scenarios)
{
    Func<Task<HttpStatusCode>> call = scenario switch
    {
        "balance" => async () =>
        {
            using var response = await http.GetAsync("/api/credits/balance");
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode;
        },
        "consume" => async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/credits/consume")
            {
                Content = new StringContent("""{"amount":1,"reason":"bench"}""", Encoding.UTF8, "application/json"),
            };
            // A unique key per request: every call is a real consumption, never a replay.
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode;
        },
        "webhook" => async () =>
        {
            if (!pendingPayments.TryDequeue(out var payment))
            {
                throw new OutOfPaymentsException();
            }

            var payload = StripeEvent.CheckoutCompleted(payment[0], payment[1]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Stripe-Signature", StripeEvent.Sign(options.WebhookSecret ?? "", payload));
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode;
        },
        "send" => async () =>
        {
            var payload = $$"""{"template":"welcome","to":"bench-{{Guid.NewGuid():N}}@example.com","data":{"name":"Bench"},"idempotencyKey":"bench-{{Guid.NewGuid():N}}"}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/send")
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add("X-Scholar-Timestamp", t);
            request.Headers.Add("X-Scholar-Signature", "v1=" + Hmac(options.NotifySecret ?? "", $"{t}.{payload}"));
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode;
        },
        _ => throw new ArgumentException($"unknown scenario '{scenario}' (balance, consume, webhook, send)"),
    };

    await Drive(call, TimeSpan.FromSeconds(options.Warmup), options.Clients);
    var result = await Drive(call, TimeSpan.FromSeconds(options.Seconds), options.Clients);
    result.Print(scenario);
    if (result.Errors > 0)
    {
        Console.Error.WriteLine($"{scenario}: {result.Errors} non-2xx answers, first: {result.FirstError}");
        exitCode = 1;
    }
}

return exitCode;

static async Task<RunResult> Drive(Func<Task<HttpStatusCode>> call, TimeSpan duration, int clients)
{
    var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        // One histogram per client (they are not thread-safe); merged afterwards.
        var histogram = new LongHistogram(TimeStamp.Seconds(60), 3);
        var errors = 0L;
        string? firstError = null;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var before = Stopwatch.GetTimestamp();
            HttpStatusCode status;
            try
            {
                status = await call();
            }
            catch (OutOfPaymentsException)
            {
                break;
            }
            catch (HttpRequestException e)
            {
                errors++;
                firstError ??= e.Message;
                continue;
            }

            histogram.RecordValue(Stopwatch.GetTimestamp() - before);
            if ((int)status is < 200 or > 299)
            {
                errors++;
                firstError ??= $"HTTP {(int)status}";
            }
        }

        return (histogram, errors, firstError);
    })));
    var elapsed = Stopwatch.GetElapsedTime(started);

    var merged = new LongHistogram(TimeStamp.Seconds(60), 3);
    foreach (var (histogram, _, _) in perClient)
    {
        merged.Add(histogram);
    }

    return new RunResult(merged, perClient.Sum(c => c.errors), perClient.Select(c => c.firstError).FirstOrDefault(e => e is not null), elapsed);
}

internal sealed record RunResult(LongHistogram Latency, long Errors, string? FirstError, TimeSpan Elapsed)
{
    private static double Ms(long ticks) => ticks / OutputScalingFactor.TimeStampToMilliseconds;

    public void Print(string scenario)
    {
        var rps = Latency.TotalCount / Elapsed.TotalSeconds;
        var (p50, p95, p99, max) = (
            Ms(Latency.GetValueAtPercentile(50)),
            Ms(Latency.GetValueAtPercentile(95)),
            Ms(Latency.GetValueAtPercentile(99)),
            Ms(Latency.GetMaxValue()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario,-10} {Latency.TotalCount,9} {Errors,7} {rps,9:F0} {p50,8:F2} {p95,8:F2} {p99,8:F2} {max,8:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {scenario} requests={Latency.TotalCount} errors={Errors} rps={rps:F1} p50_ms={p50:F3} p95_ms={p95:F3} p99_ms={p99:F3} max_ms={max:F3}"));
    }
}

internal sealed class OutOfPaymentsException : Exception;

internal sealed record BenchOptions(
    string BaseUrl, string? Token, int Clients, int Seconds, int Warmup, IReadOnlyList<string> Scenarios, string? PaymentsFile, string? WebhookSecret,
    string? NotifySecret)
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
        var options = new BenchOptions(baseUrl.TrimEnd('/'), token, Int("clients", 8), Int("seconds", 10), Int("warmup", 2), scenarios,
            values.GetValueOrDefault("payments"), values.GetValueOrDefault("webhook-secret"), values.GetValueOrDefault("notify-secret"));
        return options.Clients < 1 || options.Seconds < 1 || options.Warmup < 0 ? null : options;
    }
}
