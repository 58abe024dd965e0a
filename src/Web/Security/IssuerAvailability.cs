using Microsoft.AspNetCore.Authentication;
using Scholar.Infrastructure.Auth;
using Scholar.Web.Errors;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Scholar.Web.Security;

/// <summary>
/// In a process that validates tokens against a remote issuer (ADR 0005), a bearer request whose
/// token cannot be checked because the issuer's discovery document or JWKS is unreachable answers
/// 503 problem+json with <c>Retry-After</c>: the caller's token may be fine, the outage is ours.
/// OpenIddict reports that case as a <c>server_error</c> rejection (and would answer a bare 500).
/// Runs right after the authentication middleware, whose result it reads back from the handler's cache.
/// </summary>
public static class IssuerAvailability
{
    public const int RetryAfterSeconds = 30;

    public static WebApplication UseIssuerAvailability(this WebApplication app)
    {
        if (AuthRegistration.HostsIssuer(app.Configuration))
        {
            return app;
        }

        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0
                && await context.AuthenticateAsync() is { Failure: not null, Properties: { } properties }
                && properties.Items.TryGetValue(OpenIddictValidationAspNetCoreConstants.Properties.Error, out var error)
                && error == OpenIddictConstants.Errors.ServerError)
            {
                await WriteUnavailableAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static async Task WriteUnavailableAsync(HttpContext context)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IssuerAvailability));
        logger.LogWarning("Bearer token on {Path} not checked: the token issuer's configuration or keys are unreachable", context.Request.Path);

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = ProblemExceptionHandler.Create(StatusCodes.Status503ServiceUnavailable, "issuer-unavailable",
                $"The access token cannot be checked right now: the token issuer is unreachable. Retry in {RetryAfterSeconds} seconds."),
        });
    }
}
