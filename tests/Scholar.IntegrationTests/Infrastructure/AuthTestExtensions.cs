using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Auth;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>
/// Signed-in callers for integration tests. Tokens come from the real <c>/connect/token</c>
/// (password grant for users, client credentials for services), so every test exercises the same
/// validation path as production traffic.
/// </summary>
public static class AuthTestExtensions
{
    public const string TestPassword = "Test-password-123!";

    /// <summary>Every scope of the contract; the issuer leaves out those the role does not allow.</summary>
    public static readonly string[] AllScopes =
        ["openid", "profile", "email", "roles", "offline_access", "credits", "credits.admin", "notifications.send", "ops"];

    /// <summary>
    /// Creates a user with <paramref name="role"/>, signs in through the password grant and returns a
    /// client that sends the bearer token. With no <paramref name="scopes"/>, asks for every scope.
    /// </summary>
    public static async Task<(HttpClient Client, Guid UserId)> CreateSignedInClientAsync(
        this ScholarApiFactory factory, string role = Role.Student, params string[] scopes)
    {
        var (userId, email) = await factory.CreateUserAsync(role);
        var token = await factory.GetUserTokenAsync(email, TestPassword, scopes);
        return (factory.CreateBearerClient(token), userId);
    }

    /// <summary>Creates a user directly in the database (password <see cref="TestPassword"/>).</summary>
    public static async Task<(Guid UserId, string Email)> CreateUserAsync(
        this ScholarApiFactory factory, string role = Role.Student, string? email = null, string password = TestPassword)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@scholar.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = User.Create(email, null, password, DateTimeOffset.UtcNow, role);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return (user.Id, email);
    }

    /// <summary>Access token for a user through the password grant of <c>scholar_cli</c>.</summary>
    public static async Task<string> GetUserTokenAsync(this ScholarApiFactory factory, string email, string password, params string[] scopes)
    {
        var body = await factory.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = AuthClients.ScholarCli,
            ["username"] = email,
            ["password"] = password,
            ["scope"] = string.Join(' ', scopes.Length == 0 ? AllScopes : scopes),
        });
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Access token for a service client (client credentials, development secret).</summary>
    public static async Task<string> GetServiceTokenAsync(this ScholarApiFactory factory, string clientId, params string[] scopes)
    {
        var secretName = clientId switch
        {
            AuthClients.ProviderRegister => "PROVIDER_REGISTER_CLIENT_SECRET",
            AuthClients.AutoComCenter => "AUTO_COM_CENTER_CLIENT_SECRET",
            AuthClients.OpsConsole => "OPSCONSOLE_CLIENT_SECRET",
            AuthClients.MetricsScraper => "METRICS_SCRAPER_CLIENT_SECRET",
            _ => throw new ArgumentException($"No service client '{clientId}'.", nameof(clientId)),
        };
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = DevelopmentDefaults.Values[secretName],
        };
        if (scopes.Length > 0)
        {
            form["scope"] = string.Join(' ', scopes);
        }

        var body = await factory.RequestTokenAsync(form);
        return body.GetProperty("access_token").GetString()!;
    }

    public static HttpClient CreateBearerClient(this ScholarApiFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>POSTs a form to <c>/connect/token</c>; fails with the server's error when it is not 200.</summary>
    public static async Task<JsonElement> RequestTokenAsync(this ScholarApiFactory factory, IDictionary<string, string> form)
    {
        using var client = factory.CreateClient();
        using var content = new FormUrlEncodedContent(form);
        var response = await client.PostAsync("/connect/token", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed ({(int)response.StatusCode}): {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The link of the newest password_reset email queued for <paramref name="email"/>, as the notifications module would send it.</summary>
    /// <summary>
    /// The newest reset link mailed to <paramref name="email"/>: reset requests are answered in the
    /// background, so this first waits (up to 20 s) until none for the address is waiting; null when
    /// no link was mailed.
    /// </summary>
    public static async Task<Uri?> ResetUrlFromOutboxAsync(this ScholarApiFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.PasswordResetRequests.AnyAsync(r => r.Email == email) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var payloads = await db.OutboxMessages.OrderByDescending(m => m.CreatedAt).Select(m => m.Payload).ToListAsync();
        foreach (var payload in payloads)
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.GetProperty("template").GetString() == "password_reset" && root.GetProperty("to").GetString() == email)
            {
                Assert.False(string.IsNullOrEmpty(root.GetProperty("data").GetProperty("name").GetString()));
                return new Uri(root.GetProperty("data").GetProperty("resetUrl").GetString()!);
            }
        }

        return null;
    }
}
