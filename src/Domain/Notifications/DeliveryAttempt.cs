using System.Diagnostics;
using Scholar.Domain.Ops;

namespace Scholar.Domain.Notifications;

/// <summary>
/// One delivery attempt on a hop between apps or to a provider (DESIGN.md 6.2, KPI "webhook success
/// rate per hop"). <see cref="Key"/> is the delivery's idempotency key.
/// </summary>
public sealed class DeliveryAttempt
{
    public const string ProviderRegisterToAutoComCenter = DeliveryHops.ProviderRegisterToAutoComCenter;
    public const string AutoComCenterToPostmark = DeliveryHops.AutoComCenterToPostmark;
    public const string StripeToProviderRegister = DeliveryHops.StripeToProviderRegister;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Hop { get; init; }

    /// <summary><c>outbound</c> for calls we make, <c>inbound</c> for calls we answer.</summary>
    public required string Direction { get; init; }

    public required string Key { get; init; }

    public int? StatusCode { get; init; }

    /// <summary><c>success</c>, <c>retry</c>, <c>dead</c>, <c>suppressed</c> or <c>halted</c>.</summary>
    public required string Outcome { get; init; }

    public int DurationMs { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>An attempt we made; <paramref name="startedTimestamp"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    public static DeliveryAttempt Outbound(string hop, string key, int? statusCode, string outcome, long startedTimestamp, string? error, DateTimeOffset at) =>
        Create("outbound", hop, key, statusCode, outcome, startedTimestamp, error, at);

    /// <summary>A call we answered (Stripe's webhook delivery to provider_register).</summary>
    public static DeliveryAttempt Inbound(string hop, string key, int statusCode, string outcome, long startedTimestamp, string? error, DateTimeOffset at) =>
        Create("inbound", hop, key, statusCode, outcome, startedTimestamp, error, at);

    private static DeliveryAttempt Create(string direction, string hop, string key, int? statusCode, string outcome, long startedTimestamp, string? error, DateTimeOffset at) =>
        new()
        {
            Hop = hop,
            Direction = direction,
            Key = key,
            StatusCode = statusCode,
            Outcome = outcome,
            DurationMs = (int)Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds,
            Error = Truncate(error),
            At = at,
        };

    public static string? Truncate(string? error) => error is { Length: > 2000 } ? error[..2000] : error;
}
