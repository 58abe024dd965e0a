using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Errors;

namespace Scholar.Web.Features.Auth;

/// <summary>
/// Per-client-address limits on the endpoints that take credentials or send email: signup, login,
/// token, forgot and reset. A global limiter keyed by path, so requests OpenIddict answers before
/// routing (e.g. a bad token request) count too.
/// </summary>
public static class AuthRateLimits
{
    private static readonly string[] LimitedPaths =
    [
        "/api/auth/signup",
        "/api/auth/password/forgot",
        "/api/auth/password/reset",
        "/account/login",
        "/connect/token",
    ];

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(_ => { }).AddSingleton<IConfigureOptions<RateLimiterOptions>, Setup>();

    private sealed class Setup(IOptions<AuthSettings> settings) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var perMinute = settings.Value.RateLimitPerMinute;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var path = LimitedPaths.FirstOrDefault(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));
                if (path is null || !HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter($"{path}|{client}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
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
