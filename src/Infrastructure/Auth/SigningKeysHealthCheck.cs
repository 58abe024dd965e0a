using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scholar.Infrastructure.Auth.Keys;

namespace Scholar.Infrastructure.Auth;

/// <summary>Readiness: the issuer has keys to sign and encrypt with. Reports counts and origin, never key material.</summary>
public sealed class SigningKeysHealthCheck(OidcKeyRing ring) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var keys = ring.Keys;
            var data = new Dictionary<string, object>
            {
                ["signingKeys"] = keys.Signing.Count,
                ["activeKid"] = keys.Signing[0].KeyId,
                ["source"] = keys.FromDevelopmentStore ? "development (generated, stored in PostgreSQL)" : "configuration",
            };
            return Task.FromResult(keys.Problem is null
                ? HealthCheckResult.Healthy(null, data)
                : HealthCheckResult.Unhealthy(keys.Problem, data: data));
        }
        catch (InvalidOperationException e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message));
        }
    }
}
