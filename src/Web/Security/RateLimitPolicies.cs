using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Errors;

namespace Scholar.Web.Security;

/// <summary>
/// Rate limits attach to endpoints (<c>RequireRateLimiting(RateLimitPolicies.X)</c>), never to raw
/// paths: routing has already chosen the endpoint when the limiter runs, so every spelling that
/// reaches it (trailing slash, letter case, percent-encoding) draws from the same partition,
/// keyed by the endpoint's route pattern. The limiter runs before authentication, so token requests
/// OpenIddict refuses still count.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>
    /// POSTs that take credentials or send email (signup, login, token, forgot, reset):
    /// AUTH_RATE_LIMIT_PER_MINUTE per client address per endpoint.
    /// </summary>
    public const string Credentials = "credentials";

    public static IServiceCollection AddScholarRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(_ => { }).AddSingleton<IConfigureOptions<RateLimiterOptions>, Setup>();

    /// <summary>The partition of a request: the endpoint's route pattern (not the path as spelt) and the caller.</summary>
    public static string EndpointPartition(HttpContext http, string caller) =>
        $"{(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.GetEndpoint()?.DisplayName}|{caller}";

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private sealed class Setup(IOptions<AuthSettings> settings) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var perMinute = settings.Value.RateLimitPerMinute;
            options.AddPolicy(Credentials, http => !HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(EndpointPartition(http, ClientAddress(http)), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteProblemAsync;
        }

        private static async ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken ct)
        {
            var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                : 60;
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = ProblemExceptionHandler.Create(
                    StatusCodes.Status429TooManyRequests, "rate-limited", $"Too many requests from this address. Retry after {seconds} seconds."),
            });
        }
    }
}
