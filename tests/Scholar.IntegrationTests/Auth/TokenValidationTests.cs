using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Scholar.Infrastructure.Auth.Keys;
using Scholar.Infrastructure.Auth.Tokens;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

/// <summary>
/// Every protected API must refuse tokens that are not exactly what the issuer mints. The forged
/// tokens are signed with the issuer's own key (read from the development key store), so each one
/// fails for the one reason it is built to show.
/// </summary>
public sealed class TokenValidationTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    private const string Issuer = "http://127.0.0.1:5080/";
    private const string Audience = "scholar-api";

    [Fact]
    public async Task Token_forged_exactly_like_the_issuers_is_accepted()
    {
        // Control for the refusals below: the forging itself is sound.
        Assert.Equal(HttpStatusCode.OK, await CallAsync(await ForgeAsync()));
    }

    [Fact]
    public async Task Wrong_audience_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(await ForgeAsync(audience: "another-api")));

    [Fact]
    public async Task Wrong_issuer_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(await ForgeAsync(issuer: "https://evil.example/")));

    [Fact]
    public async Task Expired_token_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(await ForgeAsync(expires: DateTime.UtcNow.AddMinutes(-10))));

    [Fact]
    public async Task Token_signed_with_another_key_is_refused()
    {
        var stranger = PemKeys.Load(PemKeys.Generate(), "test", refuseDevelopmentKeys: false)[0];

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(await ForgeAsync(key: stranger)));
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_refused()
    {
        var header = Base64Url("""{"alg":"none","typ":"at+jwt"}""");
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var payload = Base64Url($$"""{"iss":"{{Issuer}}","aud":"{{Audience}}","sub":"{{Guid.NewGuid()}}","role":"ceo","scope":"ops","exp":{{exp}}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync($"{header}.{payload}."));
    }

    [Fact]
    public async Task Tampered_payload_is_refused()
    {
        var (_, email) = await factory.CreateUserAsync();
        var real = await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        var parts = real.Split('.');
        var claims = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"student\"", "\"ceo\"", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await CallAsync(real));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync($"{parts[0]}.{Base64Url(claims)}.{parts[2]}"));
    }

    [Fact]
    public async Task Token_issued_before_a_restart_still_validates_after_it()
    {
        var (_, email) = await factory.CreateUserAsync();
        var token = await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid");

        // A second host on the same database stands in for the restarted (or another) instance.
        await using var restarted = factory.WithWebHostBuilder(_ => { });
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_token_is_verified_once_while_a_tampered_copy_and_the_token_after_its_expiry_are_still_refused()
    {
        var verified = factory.Services.GetRequiredService<ValidatedAccessTokens>();
        var (_, email) = await factory.CreateUserAsync();
        var real = await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        var before = verified.Count;

        Assert.Equal(HttpStatusCode.OK, await CallAsync(real));
        Assert.Equal(before + 1, verified.Count);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(real));
        Assert.Equal(before + 1, verified.Count);

        // The same header and claims under another signature: not the kept token, so verified afresh, and refused.
        var parts = real.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[0] ^= 0x01;
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync($"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}"));
        Assert.Equal(before + 1, verified.Count);

        // A kept token still expires: OpenIddict's expiry check runs on every use.
        var shortLived = await ForgeAsync(expires: DateTime.UtcNow.AddSeconds(3));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(shortLived));
        Assert.Equal(before + 2, verified.Count);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(shortLived));
    }

    [Fact]
    public async Task A_kept_token_gives_each_request_an_identity_of_its_own()
    {
        var (_, email) = await factory.CreateUserAsync();
        var token = await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        using var client = factory.CreateBearerClient(token);

        // Each request adds a claim to its identity: the next request with the kept token must not see it.
        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync(IdentityMarkingEndpoint.Route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("unmarked", await response.Content.ReadAsStringAsync());
        }
    }

    private async Task<HttpStatusCode> CallAsync(string token)
    {
        using var client = factory.CreateBearerClient(token);
        return (await client.GetAsync("/api/auth/me")).StatusCode;
    }

    private async Task<string> ForgeAsync(string issuer = Issuer, string audience = Audience, DateTime? expires = null, SecurityKey? key = null)
    {
        key ??= await IssuerSigningKeyAsync();
        var exp = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "student"), new Claim("scope", "openid")]),
            IssuedAt = exp.AddMinutes(-30),
            NotBefore = exp.AddMinutes(-30),
            Expires = exp,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<SecurityKey> IssuerSigningKeyAsync()
    {
        // Make sure the issuer has created its key, then read it where Development keeps it.
        await factory.CreateClient().GetAsync("/.well-known/jwks");
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.DevelopmentKeys.SingleAsync(k => k.Purpose == "signing");
        return PemKeys.Load(stored.Pem, "test", refuseDevelopmentKeys: false)[0];
    }

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
}

/// <summary>Marks the request's identity with a claim, and says whether it came already marked.</summary>
public sealed class IdentityMarkingEndpoint : FastEndpoints.EndpointWithoutRequest
{
    public const string Route = "/__tests/auth/mark-identity";

    public override void Configure()
    {
        Get(Route);
        Policies(Scholar.Web.Security.AuthPolicies.AnyCaller);
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var identity = (ClaimsIdentity)User.Identity!;
        var marked = identity.HasClaim(c => c.Type == "test_mark");
        identity.AddClaim(new Claim("test_mark", "1"));
        return Send.StringAsync(marked ? "marked" : "unmarked", cancellation: ct);
    }
}

