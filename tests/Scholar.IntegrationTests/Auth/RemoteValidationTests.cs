using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

/// <summary>The issuer on a real port, so another host can fetch its discovery document and JWKS over HTTP.</summary>
public sealed class ListeningIssuerFactory : ScholarApiFactory
{
    public ListeningIssuerFactory()
    {
        Port = LoopbackPort.Free();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OIDC_ISSUER"] = BaseUrl + "/",
        ["APP_BASE_URL"] = BaseUrl,
    };
}

public sealed class RemoteValidationTests(ListeningIssuerFactory issuer) : IClassFixture<ListeningIssuerFactory>
{
    [Fact]
    public async Task Api_host_without_the_issuer_validates_tokens_from_the_remote_jwks()
    {
        var (userId, email) = await issuer.CreateUserAsync();
        var token = await issuer.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        await using var api = ApiHost(issuer.BaseUrl);

        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(userId, me.GetProperty("userId").GetGuid());

        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);

        var ready = await client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("entries").GetProperty("jwks").GetProperty("status").GetString());
        Assert.False(ready.GetProperty("entries").TryGetProperty("signing-keys", out _));
    }

    [Fact]
    public async Task Readyz_reports_an_unreachable_jwks()
    {
        await using var api = ApiHost("http://127.0.0.1:1");

        var ready = await api.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("entries").GetProperty("jwks").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bearer_request_while_the_remote_issuer_is_unreachable_is_a_503_problem_with_retry_after()
    {
        var (_, email) = await issuer.CreateUserAsync();
        var token = await issuer.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        await using var api = ApiHost("http://127.0.0.1:1");
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var response = await client.GetAsync("/api/auth/me");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.EndsWith("/issuer-unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains("cannot be checked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("127.0.0.1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Without a token there is nothing to validate: the anonymous answer is unchanged.
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_full_AUTH_JWKS_URL_is_used_and_known_keys_keep_working_while_it_is_down()
    {
        var (userId, email) = await issuer.CreateUserAsync();
        var token = await issuer.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        await using var keys = new JwksMirror(issuer.BaseUrl + "/.well-known/jwks");
        await using var api = JwksHost(keys.BaseUrl + JwksMirror.Path, jwtIssuer: null);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        // Only that path serves the keys (no discovery document beside it): the URL is used as given.
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        Assert.True(keys.Served > 0);

        // The key server goes down: the keys already fetched still validate known tokens.
        keys.Down = true;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task JWT_ISSUER_decides_which_issuer_is_accepted()
    {
        var (_, email) = await issuer.CreateUserAsync();
        var token = await issuer.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid", "credits");
        var jwks = issuer.BaseUrl + "/.well-known/jwks";

        await using (var matching = JwksHost(jwks, jwtIssuer: issuer.BaseUrl + "/"))
        {
            using var client = matching.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        }

        await using var other = JwksHost(jwks, jwtIssuer: "https://auth.elsewhere.test/");
        using var refused = other.CreateClient();
        refused.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await refused.GetAsync("/api/auth/me")).StatusCode);
    }

    private WebApplicationFactory<Program> JwksHost(string jwksUrl, string? jwtIssuer) =>
        RemoteApiHost(new Dictionary<string, string?> { ["AUTH_JWKS_URL"] = jwksUrl, ["JWT_ISSUER"] = jwtIssuer });

    /// <summary>Serves the issuer's key set at a path of its own, and can be taken down.</summary>
    private sealed class JwksMirror(string source) : LoopbackServer
    {
        public const string Path = "/keys/scholar-auth.json";

        private int _served;

        public bool Down { get; set; }

        public int Served => _served;

        protected override void Map(WebApplication app) =>
            app.MapGet(Path, async (HttpContext http) =>
            {
                if (Down)
                {
                    return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
                }

                Interlocked.Increment(ref _served);
                using var client = new HttpClient();
                return Results.Content(await client.GetStringAsync(source, http.RequestAborted), "application/json");
            });
    }

    private WebApplicationFactory<Program> ApiHost(string authBaseUrl) =>
        RemoteApiHost(new Dictionary<string, string?> { ["SCHOLAR_AUTH_BASE_URL"] = authBaseUrl });

    /// <summary>scholarship_api alone, on the issuer's database, validating its tokens remotely as <paramref name="settings"/> say.</summary>
    private WebApplicationFactory<Program> RemoteApiHost(Dictionary<string, string?> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseSetting("SCHOLAR_APPS", "scholarship_api");
            b.UseSetting("DATABASE_URL", issuer.Database.ConnectionString);
            b.UseSetting("OIDC_ISSUER", issuer.BaseUrl + "/");
            foreach (var (key, value) in settings.Where(kv => kv.Value is not null))
            {
                b.UseSetting(key, value);
            }
        });
}
