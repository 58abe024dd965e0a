using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace Scholar.Infrastructure.Auth.Tokens;

/// <summary>
/// Each access token's signature is checked once per process: the principal IdentityModel validated is
/// kept, keyed by the SHA-256 of the token (never the token itself), until the token expires, at most
/// <see cref="MaxEntries"/> tokens. A hit skips only the signature check; every later step of OpenIddict's
/// validation (expiry, audience, presenters, token type) runs again on a copy of the kept principal, and
/// the hit counts only while the key that signed the token is still among the signing keys, so a key
/// withdrawn from the JWKS ends its tokens here too. Access tokens carry no revocation of their own (no
/// token entries are checked): a cached validation accepts exactly what a fresh one would.
/// </summary>
public sealed class ValidatedAccessTokens(TimeProvider clock) : IDisposable
{
    private readonly TimeProvider clock = clock;

    public const int MaxEntries = 10_000;

    // Entries end at the token's expiry; OpenIddict's own expiry check (with the app's clock) still runs on every hit.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    private sealed record Entry(ClaimsPrincipal Principal, string? KeyId);

    /// <summary>How many tokens are kept now.</summary>
    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// A copy that shares no identity with the original. <see cref="ClaimsPrincipal.Clone"/> keeps the same
    /// <see cref="ClaimsIdentity"/> objects, which OpenIddict's later steps change (it maps claims in place):
    /// concurrent requests with one token then changed the kept identity under each other ("Collection was
    /// modified", a 500), and a request's changes reached every later hit.
    /// </summary>
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal) => new(principal.Identities.Select(identity => identity.Clone()));

    private static string KeyOf(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Runs just before IdentityModel's signature check: a token validated before gets a copy of its principal.</summary>
    public sealed class Lookup(ValidatedAccessTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Lookup>()
                .SetOrder(OpenIddictValidationHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order - 1)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (context.Principal is null && !string.IsNullOrEmpty(context.Token)
                && tokens._cache.TryGetValue(KeyOf(context.Token), out Entry? entry) && entry is not null
                && (entry.KeyId is null || context.TokenValidationParameters.IssuerSigningKeys?.Any(k => k.KeyId == entry.KeyId) == true))
            {
                context.Principal = Copy(entry.Principal);
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Runs just after IdentityModel validated a token: keeps a copy of its principal until the token expires.</summary>
    public sealed class Store(ValidatedAccessTokens tokens) : IOpenIddictValidationHandler<ValidateTokenContext>
    {
        public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
            OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
                .UseSingletonHandler<Store>()
                .SetOrder(OpenIddictValidationHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order + 1)
                .SetType(OpenIddictValidationHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(ValidateTokenContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            // Only what IdentityModel has just validated (a hit has no validation result), and only access tokens.
            if (context.Principal is { } principal && context.TokenValidationResult is { IsValid: true } result
                && principal.GetTokenType() == OpenIddictConstants.TokenTypeIdentifiers.AccessToken
                && principal.GetClaim(OpenIddictConstants.Claims.ExpiresAt) is { } exp && long.TryParse(exp, out var expiresAt))
            {
                var expires = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
                if (expires > tokens.clock.GetUtcNow())
                {
                    tokens._cache.Set(KeyOf(context.Token), new Entry(Copy(principal), (result.SecurityToken as JsonWebToken)?.Kid),
                        new MemoryCacheEntryOptions { AbsoluteExpiration = expires, Size = 1 });
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
