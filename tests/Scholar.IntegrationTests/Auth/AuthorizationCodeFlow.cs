using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

/// <summary>
/// Drives the authorization code + PKCE flow over HTTP the way a browser and a SPA would: authorize,
/// login form (with its antiforgery token and cookies), back to authorize, code on the redirect URI.
/// </summary>
public sealed partial class AuthorizationCodeFlow(ScholarApiFactory factory) : IDisposable
{
    public const string ClientId = "student_pilot";
    // The default student_pilot redirect: the pilot pages of the development APP_BASE_URL.
    public const string RedirectUri = "http://127.0.0.1:5080/pilot/signin-oidc";

    public HttpClient Browser { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public static string AuthorizeUrl(string challenge, string method = "S256", string scope = "openid offline_access credits", string state = "state-1") =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = method,
        });

    /// <summary>Runs the flow up to the redirect back to the client; returns the authorization code.</summary>
    public async Task<string> SignInAndGetCodeAsync(string email, string password)
    {
        var authorize = await Browser.GetAsync(AuthorizeUrl(Challenge));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var loginUrl = authorize.Headers.Location!;
        Assert.Equal("/account/login", loginUrl.IsAbsoluteUri ? loginUrl.AbsolutePath : loginUrl.OriginalString.Split('?')[0]);

        var loginPage = await Browser.GetStringAsync(loginUrl);
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), loginUrl).Query)["ReturnUrl"].ToString();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = AntiforgeryToken(loginPage),
        });
        var login = await Browser.PostAsync("/account/login", form);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var back = await Browser.GetAsync(login.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-1", query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<HttpResponseMessage> RedeemCodeAsync(string code, string? verifier = null)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["code"] = code,
            ["code_verifier"] = verifier ?? Verifier,
        });
        return await factory.CreateClient().PostAsync("/connect/token", form);
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ClientId,
            ["refresh_token"] = refreshToken,
        });
        return await factory.CreateClient().PostAsync("/connect/token", form);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static string AntiforgeryToken(string html) =>
        AntiforgeryInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");

    public void Dispose() => Browser.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
