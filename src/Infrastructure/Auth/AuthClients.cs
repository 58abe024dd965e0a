using OpenIddict.Abstractions;
using ApiScopes = Scholar.Application.Auth.Scopes;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Scholar.Infrastructure.Auth;

/// <summary>The OAuth clients and scopes of the contract (DESIGN.md section 5 "Auth").</summary>
public static class AuthClients
{
    public const string StudentPilot = "student_pilot";
    public const string OpsConsole = "ops_console";
    public const string ScholarCli = "scholar_cli";
    public const string ProviderRegister = "provider_register";
    public const string AutoComCenter = "auto_com_center";
    public const string MetricsScraper = "metrics_scraper";

    /// <summary>
    /// The clients whose tokens may carry the user's roles (and so staff powers). Every other client,
    /// the public <c>student_pilot</c> first, gets a user's token without operator or ceo.
    /// </summary>
    private static readonly HashSet<string> RoleCarryingClients = new(StringComparer.Ordinal) { OpsConsole, ScholarCli };

    /// <summary>Scopes a signed-in user may be granted through a staff client.</summary>
    public static IReadOnlyList<string> UserApiScopeNames { get; } =
        [ApiScopes.Credits, ApiScopes.CreditsAdmin, ApiScopes.NotificationsSend, ApiScopes.Ops];

    /// <summary>Scopes that grant access to Scholar's APIs (the standard OIDC ones are built in).</summary>
    public static IReadOnlyList<string> ApiScopeNames { get; } = [.. UserApiScopeNames, ApiScopes.OpsMetrics];

    public static bool CarriesRoles(string? clientId) => clientId is not null && RoleCarryingClients.Contains(clientId);

    public static IReadOnlyList<string> AllScopes { get; } =
        [Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, .. ApiScopeNames];

    public static IEnumerable<OpenIddictApplicationDescriptor> Describe(AuthSettings settings)
    {
        var studentPilot = Public(StudentPilot, "Student pilot", Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken);
        AddCodeFlow(studentPilot, settings.StudentPilotRedirects, settings.StudentPilotPostLogoutRedirects);
        AddScopes(studentPilot, [Scopes.Profile, Scopes.Email, Scopes.Roles, ApiScopes.Credits]);
        yield return studentPilot;

        var opsConsole = Confidential(OpsConsole, "Ops console", settings.OpsConsoleClientSecret,
            Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken);
        AddCodeFlow(opsConsole, [$"{settings.OpsConsoleBase}/signin-oidc"], [$"{settings.OpsConsoleBase}/signout-callback-oidc"]);
        AddScopes(opsConsole, [Scopes.Profile, Scopes.Email, Scopes.Roles, .. UserApiScopeNames]);
        yield return opsConsole;

        var cli = Public(ScholarCli, "Scholar CLI", Permissions.GrantTypes.Password, Permissions.GrantTypes.RefreshToken);
        AddScopes(cli, [Scopes.Profile, Scopes.Email, Scopes.Roles, .. UserApiScopeNames]);
        yield return cli;

        var providerRegister = Confidential(ProviderRegister, "provider_register", settings.ProviderRegisterClientSecret, Permissions.GrantTypes.ClientCredentials);
        AddScopes(providerRegister, [ApiScopes.Credits, ApiScopes.CreditsAdmin, ApiScopes.NotificationsSend]);
        yield return providerRegister;

        var autoComCenter = Confidential(AutoComCenter, "auto_com_center", settings.AutoComCenterClientSecret, Permissions.GrantTypes.ClientCredentials);
        AddScopes(autoComCenter, [ApiScopes.NotificationsSend]);
        yield return autoComCenter;

        var metricsScraper = Confidential(MetricsScraper, "Prometheus scraper", settings.MetricsScraperClientSecret, Permissions.GrantTypes.ClientCredentials);
        AddScopes(metricsScraper, [ApiScopes.OpsMetrics]);
        yield return metricsScraper;
    }

    private static OpenIddictApplicationDescriptor Public(string clientId, string name, params string[] grants)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Public,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = name,
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.UnionWith(grants);
        return descriptor;
    }

    private static OpenIddictApplicationDescriptor Confidential(string clientId, string name, string? secret, params string[] grants)
    {
        var descriptor = Public(clientId, name, grants);
        descriptor.ClientType = ClientTypes.Confidential;
        // Left null when unset: the seeder skips the client rather than invent a secret.
        descriptor.ClientSecret = string.IsNullOrEmpty(secret) ? null : secret;
        return descriptor;
    }

    private static void AddCodeFlow(OpenIddictApplicationDescriptor descriptor, IEnumerable<string> redirects, IEnumerable<string> postLogoutRedirects)
    {
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        descriptor.RedirectUris.UnionWith(redirects.Select(r => new Uri(r, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(postLogoutRedirects.Select(r => new Uri(r, UriKind.Absolute)));
    }

    private static void AddScopes(OpenIddictApplicationDescriptor descriptor, IEnumerable<string> scopes) =>
        descriptor.Permissions.UnionWith(scopes.Select(s => Permissions.Prefixes.Scope + s));
}
