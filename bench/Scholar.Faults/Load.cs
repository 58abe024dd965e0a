using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Scholar.Faults;

/// <summary>What came back from every attempt of one kind of request; 5xx answers keep their time for the window check.</summary>
internal sealed class Tally
{
    private readonly ConcurrentBag<(TimeSpan From, TimeSpan To, int Status)> _serverErrors = [];
    private long _ok;
    private long _clientErrors;
    private long _serverErrorCount;
    private long _connectionErrors;
    private long _attempts;

    public long Attempts => Interlocked.Read(ref _attempts);

    public long Ok => Interlocked.Read(ref _ok);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long ServerErrors => Interlocked.Read(ref _serverErrorCount);

    /// <summary>Refused connections, resets and client timeouts: no HTTP answer at all.</summary>
    public long ConnectionErrors => Interlocked.Read(ref _connectionErrors);

    public IEnumerable<(TimeSpan From, TimeSpan To, int Status)> ServerErrorTimes => _serverErrors;

    public void Record(TimeSpan from, TimeSpan to, int? status)
    {
        Interlocked.Increment(ref _attempts);
        switch (status)
        {
            case null:
                Interlocked.Increment(ref _connectionErrors);
                break;
            case >= 200 and < 300:
                Interlocked.Increment(ref _ok);
                break;
            case >= 500:
                Interlocked.Increment(ref _serverErrorCount);
                _serverErrors.Add((from, to, status.Value));
                break;
            default:
                Interlocked.Increment(ref _clientErrors);
                break;
        }
    }
}

/// <summary>One Stripe event to deliver: the exact payload Stripe would resend, re-signed at every attempt.</summary>
internal sealed record Delivery(string PaymentId, string Payload)
{
    public int Attempts { get; set; }
}

/// <summary>
/// Sends every delivery with N clients, in the given (shuffled) order, each to a random Web instance;
/// anything not answered 2xx goes back in the queue after a Stripe-like growing delay, until it is.
/// </summary>
internal sealed class WebhookLoad(IReadOnlyList<HttpClient> instances, IReadOnlyList<Delivery> deliveries, string webhookSecret, Stopwatch clock)
{
    private readonly ConcurrentQueue<Delivery> _queue = new(deliveries);
    private int _remaining = deliveries.Count;
    private int _inFlight;
    private long _lastAnswerTicks;

    /// <summary>Deliveries sent and not answered yet: a kill now hits requests in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When the last delivery was answered 2xx (run clock): a fault must begin before it to have landed during the load.</summary>
    public TimeSpan LastAnswer => TimeSpan.FromTicks(Interlocked.Read(ref _lastAnswerTicks));

    public Tally Tally { get; } = new();

    public double Progress => 1 - (Volatile.Read(ref _remaining) / (double)deliveries.Count);

    public bool Done => Volatile.Read(ref _remaining) == 0;

    public Task RunAsync(int clients, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(ct), ct)));

    private async Task ClientAsync(CancellationToken ct)
    {
        while (!Done)
        {
            if (!_queue.TryDequeue(out var delivery))
            {
                await Task.Delay(20, ct);
                continue;
            }

            delivery.Attempts++;
            var from = clock.Elapsed;
            Interlocked.Increment(ref _inFlight);
            var status = await SendAsync(instances[Random.Shared.Next(instances.Count)], delivery, ct);
            Interlocked.Decrement(ref _inFlight);
            Tally.Record(from, clock.Elapsed, status);
            if (status is >= 200 and < 300)
            {
                Interlocked.Exchange(ref _lastAnswerTicks, clock.Elapsed.Ticks);
                Interlocked.Decrement(ref _remaining);
                continue;
            }

            // Stripe backs off exponentially; compressed here to 100 ms · 2^n, at most 3 s.
            var delay = TimeSpan.FromMilliseconds(Math.Min(3000, 100 * Math.Pow(2, Math.Min(delivery.Attempts, 5))) * (0.5 + (Random.Shared.NextDouble() / 2)));
            _ = Task.Delay(delay, ct).ContinueWith(_ => _queue.Enqueue(delivery), ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<int?> SendAsync(HttpClient http, Delivery delivery, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/stripe")
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Stripe-Signature", StripeEvent.Sign(webhookSecret, delivery.Payload));
        return await Http.StatusAsync(http, request, ct);
    }
}

/// <summary>
/// Concurrent consumption on a few hot accounts while purchases land: random amounts, so many calls
/// meet a short balance (409). A call without a definitive answer is resent with the same Idempotency-Key.
/// </summary>
internal sealed class ConsumeLoad(IReadOnlyList<HttpClient> instances, IReadOnlyList<string> tokens, Stopwatch clock)
{
    private long _consumed;
    private long _refused;

    public Tally Tally { get; } = new();

    /// <summary>Consumptions answered 200 (distinct keys): each must be exactly one ledger entry.</summary>
    public long Consumed => Interlocked.Read(ref _consumed);

    /// <summary>409 insufficient-credits answers.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public Task RunAsync(int clients, Func<bool> keepGoing, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(keepGoing, ct), ct)));

    private async Task ClientAsync(Func<bool> keepGoing, CancellationToken ct)
    {
        while (keepGoing())
        {
            var token = tokens[Random.Shared.Next(tokens.Count)];
            var key = Guid.NewGuid().ToString("N");
            var amount = Random.Shared.Next(1, 400);
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/credits/consume")
                {
                    Content = new StringContent($$"""{"amount":{{amount}},"reason":"fault run"}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Add("Idempotency-Key", key);
                var from = clock.Elapsed;
                var status = await Http.StatusAsync(instances[Random.Shared.Next(instances.Count)], request, ct);
                Tally.Record(from, clock.Elapsed, status);
                if (status == 200)
                {
                    Interlocked.Increment(ref _consumed);
                    break;
                }

                if (status == (int)HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref _refused);
                    break;
                }

                if (status is >= 400 and < 500)
                {
                    break;
                }

                await Task.Delay(Math.Min(2000, 100 * attempt), ct);
            }

            await Task.Delay(Random.Shared.Next(20, 120), ct);
        }
    }
}

internal static class Http
{
    /// <summary>The status code, or null when no HTTP answer came (refused, reset, timed out).</summary>
    public static async Task<int?> StatusAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static HttpClient For(string baseUrl, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
}
