using System.Diagnostics;

namespace Scholar.Application.Common;

/// <summary>
/// Scholar's own spans. Work picked up from a table (outbox rows, queued notifications) continues
/// the trace of the request that wrote the row, so one purchase is one trace from the Stripe
/// webhook to Postmark; outgoing HTTP calls made inside carry it on as <c>traceparent</c>.
/// </summary>
public static class ScholarTracing
{
    public const string SourceName = "Scholar";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span under the stored W3C <paramref name="traceParent"/> (a new trace when there is none), or null when nobody listens.</summary>
    public static Activity? Continue(string name, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Consumer, parent)
            : Source.StartActivity(name, ActivityKind.Consumer);
}
