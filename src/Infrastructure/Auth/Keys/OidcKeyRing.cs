using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Auth.Keys;

/// <summary>The loaded keys. <c>Problem</c> is set when Development could not reach the key store and fell back to keys that die with the process.</summary>
public sealed record OidcKeys(IReadOnlyList<RsaSecurityKey> Signing, IReadOnlyList<RsaSecurityKey> Encryption, bool FromDevelopmentStore, string? Problem);

/// <summary>
/// The issuer's keys, loaded once: from OIDC_SIGNING_KEY / OIDC_ENCRYPTION_KEY when set; in
/// Development otherwise from keys generated once and kept in PostgreSQL. Outside Development a
/// missing or development key is an error that names the setting.
/// </summary>
public sealed class OidcKeyRing
{
    public const string SigningSetting = "OIDC_SIGNING_KEY";
    public const string EncryptionSetting = "OIDC_ENCRYPTION_KEY";

    private readonly Lazy<OidcKeys> _keys;

    public OidcKeyRing(IOptions<AuthSettings> settings, IHostEnvironment environment, IServiceScopeFactory scopes) =>
        _keys = new Lazy<OidcKeys>(() => Load(settings.Value, environment.IsDevelopment(), scopes));

    public OidcKeys Keys => _keys.Value;

    /// <summary>Validates configured keys without touching the database (start-up check outside Development).</summary>
    public static IEnumerable<string> Problems(AuthSettings settings)
    {
        foreach (var (name, value) in new[] { (SigningSetting, settings.SigningKey), (EncryptionSetting, settings.EncryptionKey) })
        {
            string? problem = null;
            if (string.IsNullOrWhiteSpace(value))
            {
                problem = $"Missing required setting {name}: the issuer cannot sign or encrypt tokens without it.";
            }
            else
            {
                try
                {
                    PemKeys.Load(value, name, refuseDevelopmentKeys: true);
                }
                catch (InvalidOperationException e)
                {
                    problem = e.Message;
                }
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    private static OidcKeys Load(AuthSettings settings, bool development, IServiceScopeFactory scopes)
    {
        var fromStore = false;
        string? problem = null;
        IReadOnlyList<RsaSecurityKey> Resolve(string? value, string name, string purpose)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return PemKeys.Load(value, name, refuseDevelopmentKeys: !development);
            }

            if (!development)
            {
                throw new InvalidOperationException($"Missing required setting {name}.");
            }

            fromStore = true;
            try
            {
                return PemKeys.Load(DevelopmentPem(scopes, purpose), name, refuseDevelopmentKeys: false);
            }
            catch (Exception e) when (e is DbException || e.InnerException is DbException)
            {
                // Every request passes through the issuer, so a dead database must not make the keys
                // throw (that would also poison the cached OpenIddict options). Readiness reports it.
                problem = "The development key store in PostgreSQL is unreachable: using keys that die with this process; restart once the database is up.";
                return PemKeys.Load(PemKeys.Generate(), name, refuseDevelopmentKeys: false);
            }
        }

        var signing = Resolve(settings.SigningKey, SigningSetting, "signing");
        var encryption = Resolve(settings.EncryptionKey, EncryptionSetting, "encryption");
        return new OidcKeys(signing, encryption, fromStore, problem);
    }

    /// <summary>First caller generates the key; a concurrent instance's insert loses quietly and reads the winner's.</summary>
    private static string DevelopmentPem(IServiceScopeFactory scopes, string purpose)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = db.DevelopmentKeys.AsNoTracking().SingleOrDefault(k => k.Purpose == purpose);
        if (existing is not null)
        {
            return existing.Pem;
        }

        var pem = PemKeys.Generate();
        db.Database.ExecuteSql(
            $"INSERT INTO auth_development_keys (purpose, pem, created_at) VALUES ({purpose}, {pem}, now()) ON CONFLICT (purpose) DO NOTHING");
        return db.DevelopmentKeys.AsNoTracking().Single(k => k.Purpose == purpose).Pem;
    }
}
