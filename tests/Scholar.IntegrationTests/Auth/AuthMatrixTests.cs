using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Scholar.Infrastructure.Auth;
using Scholar.IntegrationTests.Fuzz;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.Web.Errors;

namespace Scholar.IntegrationTests.Auth;

/// <summary>
/// DESIGN.md 10.2 as a table: every route of the running host (read from its endpoint data source,
/// so a new route cannot be left out) × every kind of caller → 401, 403 or "past authorization".
/// The expected access comes from the contract's path rules below, never from the endpoints' own
/// metadata, so a route that drops or loosens its policy fails here.
/// </summary>
public sealed class AuthMatrixTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    /// <summary>What the contract lets through to a route.</summary>
    public enum Access
    {
        /// <summary>No credential needed (or one the endpoint checks itself: webhook signatures, OAuth).</summary>
        Public,

        /// <summary>
        /// student_pilot's pages: browser pages signed in with their own cookie through the issuer (code + PKCE),
        /// where a bearer token grants nothing; their sign-in is tested in Chromium (<c>PilotTests</c>).
        /// </summary>
        PilotPage,

        /// <summary>Any valid access token, a user's or a service's.</summary>
        AnyCaller,

        /// <summary>Any signed-in user (not a service client).</summary>
        User,

        /// <summary>A signed-in user with scope credits.</summary>
        Credits,

        /// <summary>Scope credits.admin.</summary>
        CreditsAdmin,

        /// <summary>Role operator/ceo and scope ops.</summary>
        Ops,

        /// <summary>Scope ops.metrics, or role operator/ceo with scope ops.</summary>
        Metrics,

        /// <summary>Scope notifications.send, or role operator/ceo with scope ops (or the HMAC signature).</summary>
        NotificationsSend,
    }

    /// <summary>A caller: the token's roles and scopes, as the issuer actually granted them.</summary>
    public sealed record Caller(string Name, string? Token, bool IsUser, IReadOnlySet<string> Roles, IReadOnlySet<string> Scopes)
    {
        public bool IsStaff => Roles.Contains("operator") || Roles.Contains("ceo");

        public bool Allows(Access access) => access switch
        {
            Access.Public or Access.AnyCaller => true,
            Access.User => IsUser,
            Access.Credits => IsUser && Scopes.Contains("credits"),
            Access.CreditsAdmin => Scopes.Contains("credits.admin"),
            Access.Ops => IsStaff && Scopes.Contains("ops"),
            Access.Metrics => Scopes.Contains("ops.metrics") || (IsStaff && Scopes.Contains("ops")),
            Access.NotificationsSend => Scopes.Contains("notifications.send") || (IsStaff && Scopes.Contains("ops")),
            _ => false,
        };

        public override string ToString() => Name;
    }

    /// <summary>Routes that are public on purpose; any other route must turn anonymous callers away.</summary>
    private static readonly HashSet<string> PublicRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "/healthz", "/readyz", "/api/info", "/api/packages",
        "/api/auth/signup", "/api/auth/password/forgot", "/api/auth/password/reset",
        "/account/login", "/account/reset-password", "/account/logout",
        "/webhooks/stripe", "/webhooks/postmark",
        "/sandbox/checkout/{sessionId}", "/sandbox/checkout/{sessionId}/pay", "/sandbox/checkout/{sessionId}/cancel",
        "/checkout/success", "/checkout/cancelled",
        "/openapi/{documentName:regex(^v1$)}.json", "/scalar/{documentName?}",
    };

    /// <summary>The contract's rules (DESIGN.md 5 and 10.2), most specific first.</summary>
    public static Access Expected(string route, string method) => route switch
    {
        _ when PublicRoutes.Contains(route) || route.StartsWith("/connect/", StringComparison.Ordinal)
            || route.StartsWith("/.well-known/", StringComparison.Ordinal) || route.StartsWith("/scalar", StringComparison.Ordinal) => Access.Public,
        _ when route.Equals("/pilot", StringComparison.Ordinal) || route.StartsWith("/pilot/", StringComparison.Ordinal) => Access.PilotPage,
        "/api/auth/me" => Access.AnyCaller,
        "/metrics" => Access.Metrics,
        "/api/ledger/entries" when method == HttpMethods.Post => Access.CreditsAdmin,
        _ when route.StartsWith("/api/ledger/users/", StringComparison.Ordinal) => Access.CreditsAdmin,
        _ when route.StartsWith("/api/ops/", StringComparison.Ordinal) => Access.Ops,
        _ when route.StartsWith("/api/credits/", StringComparison.Ordinal) => Access.Credits,
        "/api/send" or "/send-notification" => Access.NotificationsSend,
        _ when route.StartsWith("/api/notifications/", StringComparison.Ordinal) => Access.NotificationsSend,
        _ => Access.User,
    };

    [Fact]
    public async Task Every_route_answers_each_caller_as_the_contract_says()
    {
        var callers = await CallersAsync();
        var routes = EndpointCatalog.Discover(factory.Services);
        Assert.Contains(routes, r => r.Route.RawText == "/metrics");
        var failures = new List<string>();

        foreach (var target in routes)
        {
            var route = "/" + (target.Route.RawText ?? "").TrimStart('/');

            // FastEndpoints' own route cache endpoint, mapped only under WebApplicationFactory.
            if (route == "/_test_url_cache_")
            {
                continue;
            }
            foreach (var method in target.Methods.Where(m => m is not "HEAD" and not "OPTIONS"))
            {
                var access = Expected(route, method);
                if (access is Access.Public or Access.PilotPage)
                {
                    continue;
                }

                foreach (var caller in callers)
                {
                    var (status, detail) = await SendAsync(method, Concrete(route), caller.Token);
                    var verdict = caller.Token is null ? "401"
                        : caller.Allows(access) ? "passes"
                        : "403";
                    var actual = status == HttpStatusCode.Unauthorized ? "401"
                        : status == HttpStatusCode.Forbidden && detail == StatusProblemDetails.DetailFor(method, 403) ? "403"
                        : "passes";
                    if (verdict != actual)
                    {
                        failures.Add($"{method} {route} as {caller}: expected {verdict} ({access}), got {(int)status} {detail}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Ceo_signed_in_through_student_pilot_gets_no_staff_role_or_scope()
    {
        var (_, email) = await factory.CreateUserAsync("ceo");
        var flow = new AuthorizationCodeFlow(factory);
        var code = await flow.SignInAndGetCodeAsync(email, AuthTestExtensions.TestPassword);
        var tokens = await AuthorizationCodeFlow.JsonAsync(await flow.RedeemCodeAsync(code));
        var token = tokens.GetProperty("access_token").GetString()!;

        var jwt = new JsonWebToken(token);
        Assert.DoesNotContain(jwt.Claims, c => c.Type == "role" && c.Value is "ceo" or "operator");
        using var client = factory.CreateBearerClient(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/ops/gates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/ledger/users/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/credits/balance")).StatusCode);
    }

    [Fact]
    public async Task Metrics_scraper_reads_metrics_and_nothing_else()
    {
        using var client = factory.CreateBearerClient(await factory.GetServiceTokenAsync(AuthClients.MetricsScraper, "ops.metrics"));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/ops/gates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/ops/kpis")).StatusCode);
    }

    private async Task<IReadOnlyList<Caller>> CallersAsync()
    {
        var callers = new List<Caller> { new("anonymous", null, false, new HashSet<string>(), new HashSet<string>()) };
        async Task AddUserAsync(string name, string role, params string[] scopes)
        {
            var (_, email) = await factory.CreateUserAsync(role);
            callers.Add(Describe(name, await factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, scopes), isUser: true));
        }

        async Task AddServiceAsync(string clientId, params string[] scopes) =>
            callers.Add(Describe(clientId, await factory.GetServiceTokenAsync(clientId, scopes), isUser: false));

        await AddUserAsync("student (every scope asked)", "student");
        await AddUserAsync("student without credits", "student", "openid");
        await AddUserAsync("operator (every scope)", "operator");
        await AddUserAsync("operator with openid credits", "operator", "openid", "credits");
        await AddUserAsync("operator without ops", "operator", "openid", "credits", "credits.admin", "notifications.send");
        await AddUserAsync("ceo (every scope)", "ceo");
        await AddUserAsync("ceo with openid credits", "ceo", "openid", "credits");
        await AddServiceAsync(AuthClients.ProviderRegister, "credits", "credits.admin", "notifications.send");
        await AddServiceAsync(AuthClients.AutoComCenter, "notifications.send");
        await AddServiceAsync(AuthClients.MetricsScraper, "ops.metrics");
        return callers;
    }

    private static Caller Describe(string name, string token, bool isUser)
    {
        var jwt = new JsonWebToken(token);
        var roles = jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var scopes = (jwt.TryGetClaim("scope", out var scope) ? scope.Value : "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new Caller(name, token, isUser, roles, scopes);
    }

    /// <summary>Route parameters become values that route (a fresh id, a known app name).</summary>
    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, "{([^}:?]+)[^}]*}", m => m.Groups[1].Value switch
        {
            "app" => "scholarship_api",
            _ => Guid.NewGuid().ToString(),
        });

    private async Task<(HttpStatusCode Status, string? Detail)> SendAsync(string method, string path, string? token)
    {
        using var client = token is null ? factory.CreateClient() : factory.CreateBearerClient(token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        string? detail = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            using var json = JsonDocument.Parse(text);
            detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }

        return (response.StatusCode, detail);
    }
}
