using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Server.AspNetCore;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class AccessTokenTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    private const string Issuer = "http://127.0.0.1:5080/";

    [Fact]
    public async Task Password_grant_issues_a_signed_jwt_that_a_protected_endpoint_accepts()
    {
        var (userId, email) = await factory.CreateUserAsync("student");
        var token = await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits", "credits.admin");

        var jwt = new JsonWebToken(token);
        Assert.Equal("RS256", jwt.Alg);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Contains(jwt.Kid, await JwksKeyIdsAsync());
        Assert.Equal(Issuer, jwt.Issuer);
        Assert.Equal(["scholar-api"], jwt.Audiences);
        Assert.Equal(userId.ToString(), jwt.Subject);
        Assert.Equal(["student"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        // credits.admin is left out for a student, not refused.
        Assert.Equal(["credits", "openid"], jwt.GetClaim("scope").Value.Split(' ').Order());

        using var client = factory.CreateBearerClient(token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        Assert.Equal(["student"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["credits"], me.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()));
        Assert.False(me.GetProperty("isOperator").GetBoolean());
    }

    [Fact]
    public async Task Operator_token_carries_staff_scopes_and_role()
    {
        var (client, userId) = await factory.CreateSignedInClientAsync("operator");

        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        Assert.True(me.GetProperty("isOperator").GetBoolean());
        Assert.Equal(["credits", "credits.admin", "notifications.send", "ops"],
            me.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task Bootstrap_ceo_signs_in_with_the_development_credentials()
    {
        var token = await factory.GetUserTokenAsync("CEO@scholar.local", "Scholar-dev-ceo-1!", "openid", "ops");

        var jwt = new JsonWebToken(token);
        Assert.Contains(jwt.Claims, c => c.Type == "role" && c.Value == "ceo");
        Assert.Contains("ops", jwt.GetClaim("scope").Value.Split(' '));
    }

    [Fact]
    public async Task Service_client_gets_a_token_for_its_permitted_scopes()
    {
        var token = await factory.GetServiceTokenAsync("provider_register", "credits.admin", "notifications.send");

        var jwt = new JsonWebToken(token);
        Assert.Equal("provider_register", jwt.Subject);
        Assert.Equal(["scholar-api"], jwt.Audiences);
        using var client = factory.CreateBearerClient(token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(JsonValueKind.Null, me.GetProperty("userId").ValueKind);
        Assert.Equal(["credits.admin", "notifications.send"], me.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()).Order());
    }

    [Fact]
    public async Task Service_client_cannot_ask_for_a_scope_it_is_not_permitted()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetServiceTokenAsync("auto_com_center", "credits.admin"));

        Assert.Contains("not allowed to use the specified scope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_grant_is_refused_for_other_clients()
    {
        var (_, email) = await factory.CreateUserAsync();
        using var client = factory.CreateClient();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "provider_register",
            ["client_secret"] = "dev-provider-register-secret",
            ["username"] = email,
            ["password"] = AuthTestExtensions.TestPassword,
        });

        var response = await client.PostAsync("/connect/token", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Protected_endpoint_answers_401_without_a_token()
    {
        var response = await factory.CreateClient().GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/connect/token", true)]
    [InlineData("/connect/authorize", true)]
    [InlineData("/.well-known/openid-configuration", true)]
    [InlineData("/.well-known/jwks", true)]
    [InlineData("/CONNECT/token", true)]
    [InlineData("/api/credits/balance", false)]
    [InlineData("/webhooks/stripe", false)]
    [InlineData("/connections", false)]
    public async Task The_issuer_looks_only_at_requests_under_its_endpoints(string path, bool offered)
    {
        // The real host's scheme provider and accessor, asked about a request to the path.
        var accessor = factory.Services.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { Request = { Path = path } };
        try
        {
            var schemes = await factory.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetRequestHandlerSchemesAsync();

            Assert.Equal(offered, schemes.Any(s => s.Name == OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    [Fact]
    public async Task Issuer_endpoints_still_answer_after_api_requests()
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);

        var discovery = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        Assert.NotEmpty(await JwksKeyIdsAsync());
    }

    private async Task<IReadOnlyList<string>> JwksKeyIdsAsync()
    {
        var jwks = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks");
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
