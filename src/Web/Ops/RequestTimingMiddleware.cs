using System.Diagnostics;
using Scholar.Infrastructure.Ops.Latency;
using Scholar.Web.Security;

namespace Scholar.Web.Ops;

/// <summary>
/// Times every request that matched an endpoint and reports it under the endpoint's route template
/// (<c>/api/ledger/users/{userId}</c>, not the raw path), so percentiles group by endpoint. It sits
/// right after the exception handler: routing has already chosen the endpoint, and a request that
/// throws is still timed. The answer carries the time spent until its headers were sent as a W3C
/// <c>Server-Timing: app;dur=…</c> header (milliseconds), which is what bench/ reads as server-side latency.
/// Outside Development only operators get it: timings would tell an anonymous caller which emails
/// exist and which branches ran.
/// </summary>
public sealed class RequestTimingMiddleware(
    RequestDelegate next, IEnumerable<IRequestDurationObserver> observers, TimeProvider clock, IHostEnvironment environment)
{
    public const string ServerTimingHeader = "Server-Timing";

    private readonly IRequestDurationObserver[] _observers = observers.ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            await next(context);
            return;
        }

        var route = "/" + pattern.TrimStart('/');
        var started = Stopwatch.GetTimestamp();
        var everyone = environment.IsDevelopment();
        context.Response.OnStarting(static state =>
        {
            var (http, started, everyone) = ((HttpContext, long, bool))state;
            // Authentication has run by the time headers go out.
            if (everyone || http.User.IsOperator())
            {
                http.Response.Headers[ServerTimingHeader] = FormattableString.Invariant(
                    $"app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F3}");
            }

            return Task.CompletedTask;
        }, (context, started, everyone));
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var now = clock.GetUtcNow();
            foreach (var observer in _observers)
            {
                observer.Record(route, elapsed, now);
            }
        }
    }
}
