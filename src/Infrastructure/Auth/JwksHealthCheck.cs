using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Scholar.Infrastructure.Auth;

/// <summary>
/// Readiness of a process that validates tokens from a remote issuer: its JWKS answers and holds at
/// least one key. Registered only when this process does not host scholar_auth.
/// </summary>
public sealed class JwksHealthCheck(IHttpClientFactory clients, IOptions<AuthSettings> settings) : IHealthCheck
{
    public const string HttpClientName = "scholar-jwks";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var url = JwksUrl(settings.Value);
        var data = new Dictionary<string, object> { ["url"] = url.ToString() };
        try
        {
            using var client = clients.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Unhealthy($"The JWKS answered {(int)response.StatusCode}.", data: data);
            }

            using var jwks = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var keys = jwks.RootElement.TryGetProperty("keys", out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;
            data["keys"] = keys;
            return keys > 0
                ? HealthCheckResult.Healthy(null, data)
                : HealthCheckResult.Unhealthy("The JWKS holds no keys.", data: data);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return HealthCheckResult.Unhealthy($"The JWKS is unreachable ({e.GetType().Name}).", data: data);
        }
    }

    public static Uri JwksUrl(AuthSettings settings) =>
        !string.IsNullOrWhiteSpace(settings.JwksUrl)
            ? new Uri(settings.JwksUrl)
            : new Uri(settings.RemoteIssuer ?? settings.IssuerUri, ".well-known/jwks");
}
