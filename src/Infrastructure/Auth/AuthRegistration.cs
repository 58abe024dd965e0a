using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using OpenIddict.Validation;
using Scholar.Infrastructure.Configuration;
using Scholar.Application.Auth;
using Scholar.Application.Auth.ForgotPassword;
using Scholar.Application.Auth.ResetPassword;
using Scholar.Application.Auth.SignIn;
using Scholar.Application.Auth.SignUp;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Auth.KeyRing;
using Scholar.Infrastructure.Auth.Tokens;
using Scholar.Infrastructure.Auth.Keys;
using Scholar.Infrastructure.Auth.Seeding;
using Scholar.Infrastructure.Persistence;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Scholar.Infrastructure.Auth;

/// <summary>Adapters and services of the Auth module.</summary>
public static class AuthRegistration
{
    public static IServiceCollection AddAuthInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthSettings>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthSettings>, AuthSettingsValidator>();

        services.AddScoped<ActiveUsers>();
        services.AddScoped<SignUpHandler>();
        services.AddScoped<SignInHandler>();
        services.AddScoped<ForgotPasswordHandler>();
        services.AddScoped<IssuePasswordResetHandler>();
        services.AddSingleton<PasswordResetIssuer>();
        services.AddWorkerOf<PasswordResetIssuer>(configuration, ScholarApps.Auth);
        services.AddScoped<ResetPasswordHandler>();

        services.AddSharedDataProtection();

        var openIddict = services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AppDbContext>());

        var settings = configuration.Get<AuthSettings>() ?? new AuthSettings();
        if (HostsIssuer(configuration))
        {
            AddIssuer(services, openIddict);
            openIddict.AddValidation(o =>
            {
                o.UseLocalServer();
                UseBearerHeaderOnly(o);
            });
        }
        else
        {
            // Without SCHOLAR_AUTH_BASE_URL/AUTH_JWKS_URL (refused at start outside Development) the
            // development issuer is assumed. Tokens must carry JWT_ISSUER (default OIDC_ISSUER); the
            // keys come from the JWKS alone and are kept through issuer outages (RemoteSigningKeys).
            openIddict.AddValidation(o =>
            {
                o.SetIssuer(settings.ExpectedIssuer);
                UseBearerHeaderOnly(o);
            });
            services.AddOptions<OpenIddictValidationOptions>()
                .Configure<IOptions<AuthSettings>, IHttpClientFactory>((o, s, http) =>
                    o.ConfigurationManager = RemoteSigningKeys.Manager(s.Value, http.CreateClient(JwksHealthCheck.HttpClientName)));
            services.AddHttpClient(JwksHealthCheck.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(3));
            services.AddHealthChecks()
                .AddCheck<JwksHealthCheck>("jwks", HealthStatus.Unhealthy, [DependencyInjection.ReadyTag]);
        }

        services.AddOptions<OpenIddictValidationOptions>()
            .Configure<IOptions<AuthSettings>>((o, s) => o.Audiences.Add(s.Value.EffectiveAudience));

        services.AddScoped<IDataSeeder, OpenIddictSeeder>();
        services.AddScoped<IDataSeeder, BootstrapCeoSeeder>();
        return services;
    }

    /// <summary>
    /// Cookies and antiforgery tokens must decrypt on every instance of every host; the keys they
    /// share live in PostgreSQL encrypted under SESSION_SECRET (ADR 0035).
    /// </summary>
    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddSingleton<SessionSecretKeyRing>();
        services.AddDataProtection().SetApplicationName("scholar").PersistKeysToDbContext<AppDbContext>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<SessionSecretKeyRing>((o, keyRing) => o.XmlEncryptor = new SessionSecretXmlEncryptor(keyRing));
        services.AddHostedService<KeyRingStartupCheck>();
        return services;
    }

    /// <summary>Whether this process is the issuer; an invalid SCHOLAR_APPS is reported by start-up validation instead.</summary>
    public static bool HostsIssuer(IConfiguration configuration) => HostedApps.IsNamedIn(configuration["SCHOLAR_APPS"], ScholarApps.Auth);

    /// <summary>
    /// Access tokens come in the Authorization header only (RFC 6750 2.1). OpenIddict would also look
    /// in the query string and in a form body, reading the body of every form-typed request — and a
    /// malformed Content-Type there throws before any endpoint can answer 400.
    /// </summary>
    private static void UseBearerHeaderOnly(OpenIddictValidationBuilder validation)
    {
        validation.UseAspNetCore()
            .DisableAccessTokenExtractionFromBodyForm()
            .DisableAccessTokenExtractionFromQueryString();
        // Each access token's signature is checked once per process (ValidatedAccessTokens).
        validation.AddEventHandler(ValidatedAccessTokens.Lookup.Descriptor)
            .AddEventHandler(ValidatedAccessTokens.Store.Descriptor);
        validation.Services.AddSingleton<ValidatedAccessTokens>();
    }

    private static void AddIssuer(IServiceCollection services, OpenIddictBuilder openIddict)
    {
        openIddict.AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession")
                .SetUserInfoEndpointUris("connect/userinfo")
                .SetJsonWebKeySetEndpointUris(".well-known/jwks");
            o.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
            o.RequireProofKeyForCodeExchange();
            o.RegisterScopes([.. AuthClients.AllScopes]);
            o.RegisterClaims(Claims.Subject, Claims.Name, Claims.Email, Claims.Role);

            // Any app validates access tokens from the JWKS alone, so they are signed, not encrypted.
            o.DisableAccessTokenEncryption();

            // A redeemed refresh token is dead at once: replaying it revokes the whole chain.
            o.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

            o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough();
        });

        // After UseAspNetCore, which registered the default scheme provider.
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Singleton<IAuthenticationSchemeProvider, IssuerRequestSchemes>());

        services.AddSingleton<OidcKeyRing>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, IssuerSetup>();
        services.AddOptions<OpenIddictServerAspNetCoreOptions>()
            .Configure<IHostEnvironment>((o, environment) => o.DisableTransportSecurityRequirement = environment.IsDevelopment());

        services.AddHealthChecks()
            .AddCheck<SigningKeysHealthCheck>("signing-keys", HealthStatus.Unhealthy, [DependencyInjection.ReadyTag]);
    }

    /// <summary>Issuer, keys and environment-dependent grants, applied when the server options are first built.</summary>
    private sealed class IssuerSetup(OidcKeyRing ring, IOptions<AuthSettings> settings, IHostEnvironment environment)
        : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            options.Issuer = settings.Value.IssuerUri;

            // The password grant exists for the CLI and tests only.
            if (environment.IsDevelopment() || settings.Value.AllowPasswordGrant)
            {
                options.GrantTypes.Add(GrantTypes.Password);
            }

            // RFC 9700: S256 only; "plain" would hand the verifier to anyone who sees the request.
            options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);

            var keys = ring.Keys;
            foreach (var key in keys.Signing)
            {
                options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }

            foreach (var key in keys.Encryption)
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
    }
}
