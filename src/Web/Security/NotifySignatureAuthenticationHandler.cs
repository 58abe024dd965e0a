using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Notifications.Signing;
using Scholar.Web.Errors;

namespace Scholar.Web.Security;

/// <summary>
/// Authenticates <c>/api/send</c> callers by the request signature (<see cref="NotifySignature"/>,
/// over the raw body bytes) as a service holding scope <c>notifications.send</c>. Requests without a
/// signature are handed to the default scheme (the bearer tokens of the Auth module), so the one
/// policy <see cref="AuthPolicies.NotificationsSend"/> accepts either.
/// </summary>
public sealed class NotifySignatureAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NotifySignature signature,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "NotifySignature";

    /// <summary>The verified signature: unique to one (timestamp, body), so a replay of it can be recognised.</summary>
    public const string SignatureClaim = "scholar_signature";

    /// <summary>Signed bodies are small JSON documents; anything larger is refused before hashing.</summary>
    private const int MaxBodyBytes = 256 * 1024;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var timestamp = Request.Headers[NotifySignature.TimestampHeader].ToString();
        var presented = Request.Headers[NotifySignature.SignatureHeader].ToString();
        if (presented.Length == 0)
        {
            return await ForwardToDefaultAsync();
        }

        if (Request.ContentLength > MaxBodyBytes)
        {
            return AuthenticateResult.Fail("The signed body is too large.");
        }

        Request.EnableBuffering(MaxBodyBytes);
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, Context.RequestAborted);
        Request.Body.Position = 0;

        if (buffer.Length > MaxBodyBytes || !signature.Verify(timestamp, presented, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            return AuthenticateResult.Fail("The request signature is missing, stale or does not match.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ScholarClaims.Subject, "service:notify-signature"),
                new Claim(ScholarClaims.Scope, Scopes.NotificationsSend),
                new Claim(SignatureClaim, presented),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = ProblemExceptionHandler.Create(StatusCodes.Status401Unauthorized, "unauthenticated",
                $"Sign the request ({NotifySignature.TimestampHeader} + {NotifySignature.SignatureHeader}) or send a bearer token with scope {Scopes.NotificationsSend}."),
        });
    }

    private async Task<AuthenticateResult> ForwardToDefaultAsync()
    {
        var provider = Context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var fallback = await provider.GetDefaultAuthenticateSchemeAsync();
        return fallback is null || fallback.Name == SchemeName
            ? AuthenticateResult.NoResult()
            : await Context.AuthenticateAsync(fallback.Name);
    }
}
