using Scholar.Web.Errors;

namespace Scholar.Web.Security;

/// <summary>An endpoint's own body limit in bytes, overriding <see cref="RequestBodyLimits"/>' table.</summary>
public sealed record RequestBodyLimit(long MaxBytes);

/// <summary>
/// Body size limits that hold before any authentication work (DESIGN.md 10.2): a declared
/// Content-Length over the limit is answered 413 at once; a body without one (chunked) is read
/// through a counting stream that fails with 413 at the first byte past the limit, so neither a
/// signature check nor a JSON binder ever buffers more than the endpoint accepts.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>Every JSON API, OAuth form and page without a limit of its own.</summary>
    public const long DefaultMaxBytes = 64 * 1024;

    /// <summary>The contract's limits by route pattern; an endpoint may also carry <see cref="RequestBodyLimit"/>.</summary>
    private static readonly Dictionary<string, long> ByRoute = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/api/send"] = 64 * 1024,
        ["/send-notification"] = 64 * 1024,
        ["/webhooks/stripe"] = 512 * 1024,
        ["/webhooks/postmark"] = 256 * 1024,
    };

    public static long LimitFor(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<RequestBodyLimit>() is { } declared)
        {
            return declared.MaxBytes;
        }

        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
        return route is not null && ByRoute.TryGetValue("/" + route.TrimStart('/'), out var limit) ? limit : DefaultMaxBytes;
    }

    /// <summary>Runs after routing (the endpoint is known) and before authentication.</summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = LimitFor(context.GetEndpoint());
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = TooLarge(limit),
            });
            return;
        }

        // Kestrel's own (larger) limit is left alone on purpose: after a 413 it discards the rest of the
        // upload so the client reads the answer, instead of a connection reset mid-body.
        if (context.Request.ContentLength is null)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        }

        await next(context);
    });

    private static Microsoft.AspNetCore.Mvc.ProblemDetails TooLarge(long limit) =>
        ProblemExceptionHandler.Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", Detail(limit));

    private static string Detail(long limit) => $"The request body is larger than this endpoint accepts ({limit / 1024} KiB).";

    /// <summary>Counts what is read and refuses the byte past the limit.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException(Detail(limit), StatusCodes.Status413PayloadTooLarge)
                : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
