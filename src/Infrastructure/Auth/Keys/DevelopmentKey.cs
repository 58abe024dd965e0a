namespace Scholar.Infrastructure.Auth.Keys;

/// <summary>
/// An RSA key generated for Development when OIDC_SIGNING_KEY / OIDC_ENCRYPTION_KEY are unset, kept
/// in PostgreSQL so a restart (or a second instance) keeps validating the tokens already issued.
/// Never read outside Development.
/// </summary>
public sealed class DevelopmentKey
{
    public required string Purpose { get; init; }

    public required string Pem { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
