namespace Scholar.Web.Idempotency;

/// <summary>
/// Marks an endpoint that reads the <c>Idempotency-Key</c> header, so the API reference lists it;
/// <see cref="Required"/> when a request without one is refused (400), as <see cref="IdempotentResponder"/> does.
/// </summary>
public sealed record IdempotencyKeyHeader(bool Required);

public static class IdempotencyKeyHeaderExtensions
{
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder, bool required = true) =>
        builder.WithMetadata(new IdempotencyKeyHeader(required));
}
