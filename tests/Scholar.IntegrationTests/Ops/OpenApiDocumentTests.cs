using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Payments;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// Issue 20 item 3: <c>/openapi/v1.json</c> describes every API route the host really serves (read from its
/// endpoint data source, all five apps in one process): its method, its path parameters, a security
/// requirement exactly when the route requires authorization, and its errors as problem+json.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<ScholarApiFactory>, IClassFixture<PilotHostingTests.ScholarshipApiOnlyHost>
{
    private const string ProblemMediaType = "application/problem+json";

    /// <summary>Routes that are not part of the JSON API, and why.</summary>
    private static readonly (string Prefix, string Why)[] NotApi =
    [
        ("/healthz", "a probe"),
        ("/readyz", "a probe"),
        ("/metrics", "Prometheus text for the scraper"),
        ("/openapi/", "the document itself"),
        ("/scalar", "the browsable reference"),
        ("/connect/", "OpenID Connect protocol endpoints, described by /.well-known/openid-configuration"),
        ("/.well-known/", "OpenID Connect discovery"),
        ("/_test_url_cache_", "FastEndpoints' route cache, mapped only under WebApplicationFactory"),
    ];

    private readonly ScholarApiFactory _all;
    private readonly PilotHostingTests.ScholarshipApiOnlyHost _apiOnly;

    public OpenApiDocumentTests(ScholarApiFactory all, PilotHostingTests.ScholarshipApiOnlyHost apiOnly)
    {
        _all = all;
        _apiOnly = apiOnly;
    }

    [Fact]
    public async Task Every_api_route_is_documented_with_its_method_path_parameters_security_and_problems()
    {
        using var document = await DocumentAsync(_all);
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.True(root.GetProperty("components").GetProperty("schemas").TryGetProperty("Problem", out _));
        var failures = new List<string>();
        var checkedRoutes = 0;

        foreach (var endpoint in ApiRoutes(_all.Services))
        {
            var path = DocumentPath(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            Assert.NotEmpty(methods);
            foreach (var method in methods.Where(m => m is not "HEAD" and not "OPTIONS"))
            {
                checkedRoutes++;
                var where = $"{method} {path}";
                if (!root.GetProperty("paths").TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    failures.Add($"{where}: not in the document");
                    continue;
                }

                var pathParameters = Parameters(operation, "path").ToList();
                var expectedParameters = endpoint.RoutePattern.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal);
                if (!pathParameters.Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal).SequenceEqual(expectedParameters))
                {
                    failures.Add($"{where}: path parameters [{string.Join(", ", pathParameters.Select(p => p.GetProperty("name")))}]");
                }

                if (pathParameters.Any(p => !p.TryGetProperty("required", out var required) || !required.GetBoolean()))
                {
                    failures.Add($"{where}: a path parameter is not required");
                }

                var requiresAuthorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                    && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
                var security = operation.TryGetProperty("security", out var s) ? s.EnumerateArray().ToList() : [];
                if (requiresAuthorization != security.Count > 0)
                {
                    failures.Add($"{where}: requires authorization {requiresAuthorization}, documents {security.Count} security requirement(s)");
                }

                foreach (var scheme in security.SelectMany(r => r.EnumerateObject()).Select(p => p.Name).Where(n => !schemes.TryGetProperty(n, out _)))
                {
                    failures.Add($"{where}: security scheme '{scheme}' is not declared");
                }

                var problems = Problems(operation);
                foreach (var status in problems.Where(p => !p.Value).Select(p => p.Key))
                {
                    failures.Add($"{where}: {status} is not an {ProblemMediaType} Problem");
                }

                void Expect(bool condition, int status, string because)
                {
                    if (condition && !problems.ContainsKey(status))
                    {
                        failures.Add($"{where}: no {status} problem, although {because}");
                    }
                }

                Expect(requiresAuthorization, 401, "it requires authorization");
                Expect(requiresAuthorization, 403, "it requires authorization");
                Expect(endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null, 429, "it is rate-limited");
                Expect(operation.TryGetProperty("requestBody", out _), 400, "it takes a body");
                Expect(operation.TryGetProperty("requestBody", out _), 413, "it takes a body");
                if (!requiresAuthorization && problems.ContainsKey(403))
                {
                    failures.Add($"{where}: anonymous, yet documents 403");
                }
            }
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} API routes found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>The problems a use case raises itself (declared beside its route), besides those its metadata implies.</summary>
    [Theory]
    [InlineData("get", "/api/ledger/users/{userId}", "400 401 403 404")]
    [InlineData("post", "/api/ops/payments/{paymentId}/refund", "400 401 403 404 409 413 422")]
    [InlineData("post", "/api/checkout", "400 401 403 409 413 422 429")]
    [InlineData("post", "/api/auth/signup", "400 409 413 429")]
    [InlineData("get", "/api/notifications/{id}", "401 403 404")]
    [InlineData("post", "/sandbox/checkout/{sessionId}/pay", "404 409")]
    [InlineData("post", "/webhooks/postmark", "400 401 413")]
    [InlineData("get", "/api/packages", "")]
    public async Task Documented_problem_statuses_are_those_the_endpoint_can_answer(string method, string path, string statuses)
    {
        using var document = await DocumentAsync(_all);

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.Equal(statuses, string.Join(' ', Problems(operation).Keys.Order()));
    }

    [Fact]
    public async Task Route_values_and_query_are_parameters_and_the_idempotency_key_a_header()
    {
        using var document = await DocumentAsync(_all);
        var paths = document.RootElement.GetProperty("paths");

        var refund = paths.GetProperty("/api/ops/payments/{paymentId}/refund").GetProperty("post");
        var body = refund.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("uuid", Parameters(refund, "path").Single().GetProperty("schema").GetProperty("format").GetString());
        Assert.False(body.GetProperty("properties").TryGetProperty("paymentId", out _));
        Assert.True(body.GetProperty("properties").TryGetProperty("reason", out _));
        var key = Parameters(refund, "header").Single();
        Assert.Equal("Idempotency-Key", key.GetProperty("name").GetString());
        Assert.True(key.GetProperty("required").GetBoolean());

        var ledger = paths.GetProperty("/api/ledger/users/{userId}").GetProperty("get");
        Assert.Equal(["cursor", "limit"], Parameters(ledger, "query").Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.False(ledger.TryGetProperty("requestBody", out _));
        Assert.Equal("email", Parameters(paths.GetProperty("/api/ops/users").GetProperty("get"), "query").Single().GetProperty("name").GetString());
        Assert.False(paths.GetProperty("/sandbox/checkout/{sessionId}/pay").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task Security_names_the_issuers_token_url_and_each_policys_scopes()
    {
        using var document = await DocumentAsync(_all);
        var root = document.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("JWT", schemes.GetProperty("bearer").GetProperty("bearerFormat").GetString());
        var flows = schemes.GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("http://127.0.0.1:5080/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("http://127.0.0.1:5080/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        Assert.Equal(["credits.admin"], OAuthScopes(root, "get", "/api/ledger/users/{userId}"));
        Assert.Equal(["ops"], OAuthScopes(root, "get", "/api/ops/gates"));
        Assert.Contains("notifySignature", root.GetProperty("paths").GetProperty("/api/send").GetProperty("post").GetProperty("security")
            .EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(p => p.Name));
    }

    [Fact]
    public async Task A_process_hosting_one_app_documents_only_its_routes_and_the_remote_issuer()
    {
        using var document = await DocumentAsync(_apiOnly);
        var root = document.RootElement;

        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/credits/balance", paths);
        Assert.Contains("/api/auth/me", paths);
        Assert.DoesNotContain("/api/checkout", paths);
        Assert.DoesNotContain("/api/ops/gates", paths);
        Assert.Equal("http://127.0.0.1:9/connect/token", root.GetProperty("components").GetProperty("securitySchemes")
            .GetProperty("oauth2").GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
    }

    [Fact]
    public async Task Scalar_serves_the_reference_from_this_host_for_the_v1_document()
    {
        using var client = _all.CreateClient();

        var page = await client.GetAsync("/scalar/v1");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*\\ssrc=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            // Nothing from a CDN: every script is served by the host itself.
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https", script);
            var asset = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/v1"), script));
            Assert.True(asset.IsSuccessStatusCode, $"{script}: {(int)asset.StatusCode}");
        }
    }

    private static async Task<JsonDocument> DocumentAsync(ScholarApiFactory factory)
    {
        using var client = factory.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
    }

    /// <summary>Every route of the host that belongs to the JSON API: not a Razor page, not one of <see cref="NotApi"/>, not the tests' own.</summary>
    private static IEnumerable<RouteEndpoint> ApiRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null)
            .Where(e => e.Metadata.GetMetadata<EndpointDefinition>()?.EndpointType.Assembly != typeof(OpenApiDocumentTests).Assembly)
            .Where(e => !NotApi.Any(n => ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/')).StartsWith(n.Prefix, StringComparison.Ordinal)));

    /// <summary>The route as the document spells it: parameters without constraints (<c>{id:guid}</c> → <c>{id}</c>).</summary>
    private static string DocumentPath(RoutePattern route) =>
        "/" + string.Join('/', route.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    private static IEnumerable<JsonElement> Parameters(JsonElement operation, string location) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location)
            : [];

    /// <summary>Each 4xx response and whether it is a problem+json Problem.</summary>
    private static Dictionary<int, bool> Problems(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject()
            .Where(r => r.Name.StartsWith('4'))
            .ToDictionary(
                r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture),
                r => r.Value.TryGetProperty("content", out var content)
                    && content.TryGetProperty(ProblemMediaType, out var media)
                    && media.GetProperty("schema").GetProperty("$ref").GetString() == "#/components/schemas/Problem");

    private static string[] OAuthScopes(JsonElement root, string method, string path) =>
        [.. root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security").EnumerateArray()
            .SelectMany(r => r.EnumerateObject())
            .Where(p => p.Name == "oauth2")
            .SelectMany(p => p.Value.EnumerateArray().Select(s => s.GetString()!))];
}
