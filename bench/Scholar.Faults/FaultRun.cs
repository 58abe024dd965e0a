using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Scholar.Faults;

internal sealed record RunDefinition(string Name, string Title, int Instances, bool StopsPostgres, bool Kills, bool PostmarkFails, bool Lifecycles = false);

/// <summary>One scripted fault run: fresh database, real Web process(es), the load, the fault, the drain, the checks.</summary>
internal sealed class FaultRun(RunDefinition run, FaultOptions options)
{
    public static readonly IReadOnlyDictionary<string, RunDefinition> Definitions = new Dictionary<string, RunDefinition>(StringComparer.Ordinal)
    {
        ["a"] = new("a", "duplicates and shuffled order, 16 clients", 1, false, false, false),
        ["b"] = new("b", "PostgreSQL stopped mid-load", 1, true, false, false),
        ["c"] = new("c", "Web SIGKILLed at random moments, restarted", 1, false, true, false),
        ["d"] = new("d", "Postmark failing calls (5xx/429/timeouts)", 1, false, false, true),
        ["e"] = new("e", "two Web instances on one database", 2, false, false, false),
        ["f"] = new("f", "payment lifecycles: refunds, disputes won and lost, reversals often first", 1, false, false, false, Lifecycles: true),
    };

    /// <summary>NotificationSettings.PostmarkTimeoutSeconds by default.</summary>
    private const double ProductPostmarkTimeoutSeconds = 10;

    private readonly Stopwatch _clock = new();
    private readonly List<(TimeSpan From, TimeSpan To, string What)> _windows = [];
    private readonly List<string> _notes = [];
    private readonly List<(TimeSpan From, TimeSpan To, string What)> _external = [];
    private readonly List<string> _externalNotes = [];
    private volatile bool _stoppingPostgres;
    private TimeSpan? _outageFrom;
    private int _killsInFlight;
    private int _kills;
    private int _ownRestarts;

    public async Task<RunResult> ExecuteAsync()
    {
        var result = new RunResult(run);
        var database = new FaultsDatabase(options.Server, options.Template, $"{options.Template}_{run.Name}");
        Log($"database {database.Name} (cloned from {options.Template})");
        await database.RecreateAsync();
        var users = await database.CreateUsersAsync(options.Users, options.CeoEmail);
        var unique = run.Lifecycles ? options.LifecyclePayments : (int)Math.Round(options.Deliveries * (1 - options.Duplicates));
        var payments = await database.CreatePaymentsAsync(users, unique);
        var lifecycles = run.Lifecycles ? payments.Select(p => Lifecycle.Draw(p.PaymentId, p.SessionId, Random.Shared)).ToList() : null;
        var deliveries = lifecycles is null ? Plan(payments, options.Deliveries) : Lifecycle.Plan(lifecycles, options.Duplicates, Random.Shared);
        result.Deliveries = deliveries.Count;
        result.Duplicates = lifecycles is null ? deliveries.Count - payments.Count : deliveries.Count - deliveries.Select(d => d.Payload).Distinct().Count();

        var postmarkToken = "faults-" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        // A hung call costs the sender its whole timeout: in (d) the timeout is short so that the drain stays bounded;
        // elsewhere the product default applies.
        var timeout = TimeSpan.FromSeconds(options.PostmarkTimeoutSeconds);
        await using var stub = new PostmarkStub(postmarkToken, run.PostmarkFails ? options.PostmarkFailure : 0, timeout * 3);
        await stub.StartAsync(WebProcess.FreePort());

        var webhookSecret = "whsec_faults_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var ports = Enumerable.Range(0, run.Instances).Select(_ => WebProcess.FreePort()).ToList();
        var issuer = $"http://127.0.0.1:{ports[0]}/";
        var webs = ports.Select((port, i) => new WebProcess(options.WebDll, port, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DATABASE_URL"] = $"postgres://scholar:{FaultsDatabase.Password}@127.0.0.1:{options.PgPort}/{database.Name}",
            ["APP_BASE_URL"] = $"http://127.0.0.1:{port}",
            ["OIDC_ISSUER"] = issuer,
            ["STRIPE_SECRET_KEY"] = "",
            ["STRIPE_WEBHOOK_SECRET"] = webhookSecret,
            ["NOTIFY_WEBHOOK_SECRET"] = "faults-notify-" + postmarkToken,
            ["POSTMARK_SERVER_TOKEN"] = postmarkToken,
            ["POSTMARK_API_BASE_URL"] = stub.BaseUrl,
            ["POSTMARK_FROM"] = "Scholar <receipts@example.com>",
            ["POSTMARK_TIMEOUT_SECONDS"] = (run.PostmarkFails ? options.PostmarkTimeoutSeconds : ProductPostmarkTimeoutSeconds).ToString(CultureInfo.InvariantCulture),
            // Compressed retry schedule so that the drain after the load is bounded (8 attempts within ~45 s).
            ["NOTIFY_DISPATCH_POLL_SECONDS"] = "1",
            ["NOTIFY_RETRY_BASE_SECONDS"] = "1",
            ["NOTIFY_RETRY_CAP_SECONDS"] = "8",
            ["Logging__LogLevel__Default"] = "Warning",
        }, Path.Combine(options.WorkDir, $"web-{run.Name}-{i + 1}.log"))).ToList();

        try
        {
            Log($"starting {webs.Count} Web process(es): {string.Join(", ", webs.Select(w => w.BaseUrl))}; Postmark stub {stub.BaseUrl}");
            await Task.WhenAll(webs.Select(w => w.StartAsync(CancellationToken.None)));
            var clients = webs.Select(w => Http.For(w.BaseUrl, options.Clients + options.Consumers)).ToList();
            var tokens = await Task.WhenAll(users.Take(2).Select(u => TokenAsync(clients[0], u.Email)));

            _clock.Start();
            var load = new WebhookLoad(clients, deliveries, webhookSecret, _clock);
            var consume = new ConsumeLoad(clients, tokens, _clock);
            Log($"load: {deliveries.Count} deliveries ({result.Duplicates} duplicates) from {options.Clients} clients, {(run.Lifecycles ? 0 : options.Consumers)} consuming clients");
            var loadTask = load.RunAsync(options.Clients, CancellationToken.None);
            // Lifecycle runs check each payment's own entries; consumption would only blur the accounts' sums.
            var consumeTask = consume.RunAsync(run.Lifecycles ? 0 : options.Consumers, () => !load.Done, CancellationToken.None);
            using var watching = new CancellationTokenSource();
            var watchTask = WatchPostgresAsync(watching.Token);
            var faultTask = InjectAsync(webs, load);
            await loadTask;
            await consumeTask;
            try
            {
                await faultTask;
            }
            catch (InvalidOperationException e)
            {
                result.Violations.Add($"the fault could not be injected as scripted: {e.Message}");
            }

            result.LoadSeconds = _clock.Elapsed.TotalSeconds;
            // A fault that missed the load proves nothing: the run fails instead of passing vacuously.
            if (run.StopsPostgres && (_outageFrom is not { } outage || outage >= load.LastAnswer))
            {
                result.Violations.Add("the PostgreSQL outage did not begin before the last delivery was answered");
            }

            if (run.Kills)
            {
                result.Notes.Add($"{_kills} SIGKILLs, {_killsInFlight} with deliveries in flight");
                if (_killsInFlight == 0)
                {
                    result.Violations.Add("no SIGKILL hit a Web process with deliveries in flight");
                }
            }

            Log($"load done in {result.LoadSeconds:F0} s; waiting for the outbox and the email queue to drain");

            result.Drained = await DrainAsync(database);
            await watching.CancelAsync();
            await watchTask;
            await Task.WhenAll(webs.Select(w => w.StopAsync()));
            foreach (var client in clients)
            {
                client.Dispose();
            }

            result.Webhooks = load.Tally;
            result.Consumes = consume.Tally;
            result.Consumed = consume.Consumed;
            result.ConsumeRefused = consume.Refused;
            result.Windows = [.. _windows, .. _external];
            result.Notes.AddRange(_notes.Concat(_externalNotes));
            result.Restarts = webs.Sum(w => w.Starts) - webs.Count;
            result.StubCalls = stub.Calls;
            result.StubFaults = stub.InjectedFaults;
            result.WebLogs = Path.Combine(options.WorkDir, $"web-{run.Name}-*.log");
            await Invariants.CheckAsync(database, stub, result, options.GraceSeconds, lifecycles);
        }
        finally
        {
            foreach (var web in webs)
            {
                await web.DisposeAsync();
            }
        }

        return result;
    }

    /// <summary>Each payment's checkout.session.completed once, plus duplicates (mostly Stripe resending the same event, some a second event for the same session), shuffled.</summary>
    private static List<Delivery> Plan(IReadOnlyList<(string PaymentId, string SessionId)> payments, int total)
    {
        var deliveries = payments.Select(p => new Delivery(p.PaymentId, StripeEvent.CheckoutCompleted(p.PaymentId, p.SessionId))).ToList();
        var originals = deliveries.ToArray();
        while (deliveries.Count < total)
        {
            var original = originals[Random.Shared.Next(originals.Length)];
            var payment = payments[Random.Shared.Next(payments.Count)];
            deliveries.Add(Random.Shared.Next(3) == 0
                ? new Delivery(payment.PaymentId, StripeEvent.CheckoutCompleted(payment.PaymentId, payment.SessionId))
                : new Delivery(original.PaymentId, original.Payload));
        }

        var shuffled = deliveries.ToArray();
        Random.Shared.Shuffle(shuffled);
        return [.. shuffled];
    }

    private async Task InjectAsync(List<WebProcess> webs, WebhookLoad load)
    {
        if (run.StopsPostgres)
        {
            await WaitForAsync(load, 0.4 + (Random.Shared.NextDouble() * 0.1));
            var from = _clock.Elapsed;
            Log($"fault: stopping PostgreSQL at {from.TotalSeconds:F1} s ({load.Progress:P0} answered)");
            _outageFrom = from;
            _stoppingPostgres = true;
            await ShellAsync(options.PgStop!);
            // On a shared machine another script may start the cluster again before we do: watch for it.
            TimeSpan? back = null;
            var until = _clock.Elapsed + TimeSpan.FromSeconds(options.OutageSeconds);
            while (_clock.Elapsed < until)
            {
                if (back is null && await PostgresAnswersAsync())
                {
                    back = _clock.Elapsed;
                }

                await Task.Delay(250);
            }

            try
            {
                await ShellAsync(options.PgStart!);
            }
            catch (InvalidOperationException)
            {
                // "Cluster is already running" when someone else started it; anything else is a failure.
                if (!await PostgresAnswersAsync())
                {
                    throw;
                }
            }

            var to = _clock.Elapsed;
            var down = (back ?? to) - from;
            _notes.Add(back is null
                ? string.Create(CultureInfo.InvariantCulture, $"PostgreSQL down {down.TotalSeconds:F1} s")
                : string.Create(CultureInfo.InvariantCulture, $"PostgreSQL down only {down.TotalSeconds:F1} s: another process on this machine started the cluster again"));
            Log($"fault: PostgreSQL up again at {to.TotalSeconds:F1} s ({_notes[^1]})");
            _windows.Add((from, to, "PostgreSQL stopped"));
            Interlocked.Increment(ref _ownRestarts);
            _stoppingPostgres = false;
        }

        if (run.Kills)
        {
            var moments = Enumerable.Range(0, options.Kills).Select(_ => 0.05 + (Random.Shared.NextDouble() * 0.85)).Order().ToList();
            foreach (var moment in moments)
            {
                if (!await WaitForAsync(load, moment))
                {
                    break;
                }

                await Task.Delay(Random.Shared.Next(0, 500));
                var web = webs[Random.Shared.Next(webs.Count)];
                var from = _clock.Elapsed;
                var inFlight = load.InFlight;
                await web.KillAsync();
                _kills++;
                _killsInFlight += inFlight > 0 ? 1 : 0;
                Log($"fault: SIGKILL {web.BaseUrl} at {from.TotalSeconds:F1} s ({load.Progress:P0} answered); restarting");
                await web.StartAsync(CancellationToken.None);
                _windows.Add((from, _clock.Elapsed, "SIGKILL → restarted"));
            }
        }
    }

    /// <summary>Waits until the given share of deliveries is answered 2xx; false when the load ended first.</summary>
    private static async Task<bool> WaitForAsync(WebhookLoad load, double progress)
    {
        while (load.Progress < progress)
        {
            if (load.Done)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return !load.Done;
    }

    private async Task<bool> DrainAsync(FaultsDatabase database)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed.TotalSeconds < options.DrainSeconds)
        {
            var pending = await database.ScalarAsync(
                "SELECT (SELECT count(*) FROM outbox_messages WHERE status = 'Pending') + (SELECT count(*) FROM notifications WHERE status IN ('Queued', 'Sending'))");
            if (pending == 0)
            {
                Log($"drained after {deadline.Elapsed.TotalSeconds:F0} s");
                return true;
            }

            await Task.Delay(1000);
        }

        Log($"NOT drained within {options.DrainSeconds:F0} s");
        return false;
    }

    private async Task<string> TokenAsync(HttpClient http, string email)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "scholar_cli",
            ["username"] = email,
            ["password"] = options.CeoPassword,
            ["scope"] = "openid credits",
        });
        using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), form);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token)
            ? token.GetString()!
            : throw new InvalidOperationException($"password grant for {email} failed: HTTP {(int)response.StatusCode} {body}");
    }

    /// <summary>
    /// A restart of the cluster we did not cause (another script on the machine) is recorded as a window
    /// of its own (and said in a note) rather than blamed on Scholar. A restart is a change of
    /// <c>pg_postmaster_start_time()</c>, not a probe that went unanswered on a busy machine.
    /// </summary>
    private async Task WatchPostgresAsync(CancellationToken ct)
    {
        var lastSeen = _clock.Elapsed;
        var started = await PostmasterStartAsync();
        while (!ct.IsCancellationRequested)
        {
            var ownRestarts = Volatile.Read(ref _ownRestarts);
            var now = await PostmasterStartAsync();
            if (now is not null)
            {
                if (started is not null && now != started && ownRestarts == Volatile.Read(ref _ownRestarts) && !_stoppingPostgres)
                {
                    _external.Add((lastSeen, _clock.Elapsed, "PostgreSQL restarted by another process"));
                    _externalNotes.Add(string.Create(CultureInfo.InvariantCulture,
                        $"another process on this machine restarted PostgreSQL between {lastSeen.TotalSeconds:F1} and {_clock.Elapsed.TotalSeconds:F1} s"));
                }

                started = now;
                lastSeen = _clock.Elapsed;
            }

            await Task.Delay(500, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<DateTime?> PostmasterStartAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection($"{options.Server};Database=postgres;Pooling=false;Timeout=5");
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT pg_postmaster_start_time()", connection);
            return (DateTime?)await command.ExecuteScalarAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
            return null;
        }
    }

    private async Task<bool> PostgresAnswersAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection($"{options.Server};Database=postgres;Pooling=false;Timeout=1");
            await connection.OpenAsync();
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    private static async Task ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start /bin/sh");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' exited with code {process.ExitCode}");
        }
    }

    private void Log(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[faults {run.Name}] {message}"));
}
