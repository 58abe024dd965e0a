using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class AuthorizationCodeFlowTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    [Fact]
    public async Task Code_flow_with_pkce_signs_in_calls_the_api_and_rotates_refresh_tokens()
    {
        var (userId, email) = await factory.CreateUserAsync();
        using var flow = new AuthorizationCodeFlow(factory);

        var code = await flow.SignInAndGetCodeAsync(email, AuthTestExtensions.TestPassword);
        var tokens = await AuthorizationCodeFlow.JsonAsync(await flow.RedeemCodeAsync(code));

        using (var api = factory.CreateBearerClient(tokens.GetProperty("access_token").GetString()!))
        {
            var me = await api.GetFromJsonAsync<JsonElement>("/api/auth/me");
            Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        }

        var firstRefresh = tokens.GetProperty("refresh_token").GetString()!;
        var refreshed = await flow.RefreshAsync(firstRefresh);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = await AuthorizationCodeFlow.JsonAsync(refreshed);
        Assert.NotEqual(firstRefresh, second.GetProperty("refresh_token").GetString());

        var replay = await flow.RefreshAsync(firstRefresh);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await AuthorizationCodeFlow.JsonAsync(replay)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Code_is_refused_with_the_wrong_verifier_and_cannot_be_redeemed_twice()
    {
        var (_, email) = await factory.CreateUserAsync();
        using var flow = new AuthorizationCodeFlow(factory);
        var code = await flow.SignInAndGetCodeAsync(email, AuthTestExtensions.TestPassword);

        using var other = new AuthorizationCodeFlow(factory);

        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RedeemCodeAsync(code, verifier: other.Verifier)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await flow.RedeemCodeAsync(code)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.RedeemCodeAsync(code)).StatusCode);
    }

    [Fact]
    public async Task Authorize_refuses_plain_and_missing_code_challenges()
    {
        using var flow = new AuthorizationCodeFlow(factory);

        var plain = await flow.Browser.GetAsync(AuthorizationCodeFlow.AuthorizeUrl(flow.Verifier, method: "plain"));
        var missing = await flow.Browser.GetAsync(AuthorizationCodeFlow.AuthorizeUrl(challenge: ""));

        foreach (var response in new[] { plain, missing })
        {
            // Refused outright: no code, and no detour through the login page.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Discovery_advertises_the_contract_endpoints_and_S256_only()
    {
        var discovery = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");

        Assert.Equal("http://127.0.0.1:5080/", discovery.GetProperty("issuer").GetString());
        Assert.EndsWith("/.well-known/jwks", discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/endsession", discovery.GetProperty("end_session_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Equal(["S256"], discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var scopes = discovery.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("credits.admin", scopes);
        Assert.Contains("notifications.send", scopes);
    }

    [Fact]
    public async Task Userinfo_returns_the_signed_in_user_and_end_session_clears_the_login_cookie()
    {
        var (userId, email) = await factory.CreateUserAsync();
        using var flow = new AuthorizationCodeFlow(factory);
        var code = await flow.SignInAndGetCodeAsync(email, AuthTestExtensions.TestPassword);
        var tokens = await AuthorizationCodeFlow.JsonAsync(await flow.RedeemCodeAsync(code));

        using var api = factory.CreateBearerClient(tokens.GetProperty("access_token").GetString()!);
        var userinfo = await api.GetFromJsonAsync<JsonElement>("/connect/userinfo");
        Assert.Equal(userId.ToString(), userinfo.GetProperty("sub").GetString());

        var endSession = await flow.Browser.GetAsync("/connect/endsession");
        Assert.Equal(HttpStatusCode.Redirect, endSession.StatusCode);

        // Signed out: authorize sends the browser back to the login page.
        var again = await flow.Browser.GetAsync(AuthorizationCodeFlow.AuthorizeUrl(flow.Challenge));
        Assert.StartsWith("/account/login", again.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_page_refuses_a_post_without_the_antiforgery_token()
    {
        var (_, email) = await factory.CreateUserAsync();
        using var flow = new AuthorizationCodeFlow(factory);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = AuthTestExtensions.TestPassword,
        });

        var response = await flow.Browser.PostAsync("/account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
