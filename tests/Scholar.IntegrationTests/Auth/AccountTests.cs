using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Auth.ForgotPassword;
using Scholar.Application.Auth.SignIn;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Auth;

public sealed class AccountTests(ScholarApiFactory factory) : IClassFixture<ScholarApiFactory>
{
    private const string NewPassword = "Brand-new-password-42";

    [Fact]
    public async Task Signup_creates_a_student_who_can_sign_in()
    {
        var email = $"new-{Guid.NewGuid():N}@scholar.test";

        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/signup", new { email, password = NewPassword, displayName = "Ada" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var userId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
        using var client = factory.CreateBearerClient(await factory.GetUserTokenAsync(email, NewPassword, "openid"));
        var me = await client.GetFromJsonAsync<JsonElement>("/api/auth/me");
        Assert.Equal(userId, me.GetProperty("userId").GetGuid());
        Assert.Equal(["student"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await using var scope = factory.Services.CreateAsyncScope();
        var welcome = await scope.ServiceProvider.GetRequiredService<AppDbContext>().OutboxMessages
            .SingleAsync(m => m.IdempotencyKey == $"notification.send:welcome:{userId}");
        using var payload = JsonDocument.Parse(welcome.Payload);
        Assert.Equal("welcome", payload.RootElement.GetProperty("template").GetString());
        Assert.Equal("Ada", payload.RootElement.GetProperty("data").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Signup_with_a_taken_email_in_another_case_is_409()
    {
        var (_, email) = await factory.CreateUserAsync();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/signup", new { email = email.ToUpperInvariant(), password = NewPassword });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signup_with_a_bad_email_and_short_password_names_both_fields_and_writes_nothing()
    {
        var before = await CountUsersAsync();

        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/signup", new { email = "not-an-email", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("email", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("password", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await CountUsersAsync());
    }

    [Fact]
    public async Task Forgot_answers_the_same_for_existing_and_unknown_accounts()
    {
        var (_, email) = await factory.CreateUserAsync();
        var client = factory.CreateClient();

        var existing = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email });
        var unknown = await client.PostAsJsonAsync("/api/auth/password/forgot", new { email = $"nobody-{Guid.NewGuid():N}@scholar.test" });

        Assert.Equal(HttpStatusCode.Accepted, existing.StatusCode);
        Assert.Equal(existing.StatusCode, unknown.StatusCode);
        Assert.Equal(await existing.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.NotNull(await ResetSecretFromOutboxAsync(email));
    }

    [Fact]
    public async Task Forgot_does_the_same_work_for_existing_and_unknown_accounts_and_mails_only_the_existing_one()
    {
        var (_, email) = await factory.CreateUserAsync();
        var stranger = $"nobody-{Guid.NewGuid():N}@scholar.test";

        // The request itself: one reset request row and nothing else, without even looking for the account.
        var existingWork = await WorkOfForgotAsync(email);
        var unknownWork = await WorkOfForgotAsync(stranger);
        Assert.Equal(["PasswordResetRequest:Added"], existingWork);
        Assert.Equal(existingWork, unknownWork);

        // Answered in the background: a link for the account, nothing for the stranger, no request left behind.
        Assert.NotNull(await ResetSecretFromOutboxAsync(email));
        Assert.Null(await factory.ResetUrlFromOutboxAsync(stranger));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.PasswordResetRequests.AnyAsync(r => r.Email == email || r.Email == stranger));
        Assert.DoesNotContain(await db.OutboxMessages.Select(m => m.Payload).ToListAsync(), p => p.Contains(stranger, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reset_token_works_once_and_the_old_password_stops_working()
    {
        var (_, email) = await factory.CreateUserAsync();
        var client = factory.CreateClient();
        var secret = await RequestResetSecretAsync(client, email);

        var first = await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = secret, newPassword = NewPassword });
        var second = await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = secret, newPassword = "Yet-another-password-7" });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid"));
        Assert.NotEmpty(await factory.GetUserTokenAsync(email, NewPassword, "openid"));
    }

    [Fact]
    public async Task Reset_token_dies_when_the_password_changes_another_way()
    {
        var (_, email) = await factory.CreateUserAsync();
        var client = factory.CreateClient();
        var older = await RequestResetSecretAsync(client, email);
        var newer = await RequestResetSecretAsync(client, email);
        Assert.NotEqual(older, newer);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = newer, newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = older, newPassword = "Yet-another-password-7" })).StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_issued_before_a_password_reset_are_refused()
    {
        var (_, email) = await factory.CreateUserAsync();
        var tokens = await factory.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "scholar_cli",
            ["username"] = email,
            ["password"] = AuthTestExtensions.TestPassword,
            ["scope"] = "openid offline_access",
        });
        var client = factory.CreateClient();
        var secret = await RequestResetSecretAsync(client, email);
        await client.PostAsJsonAsync("/api/auth/password/reset", new { email, token = secret, newPassword = NewPassword });

        var refresh = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = "scholar_cli",
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Contains("invalid_grant", refresh.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_page_from_the_email_link_sets_the_new_password()
    {
        var (_, email) = await factory.CreateUserAsync();
        using var flow = new AuthorizationCodeFlow(factory);
        var secret = await RequestResetSecretAsync(flow.Browser, email);
        var link = $"/account/reset-password?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(secret)}";
        var page = await flow.Browser.GetStringAsync(link);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Token"] = secret,
            ["NewPassword"] = NewPassword,
            ["__RequestVerificationToken"] = AuthorizationCodeFlow.AntiforgeryToken(page),
        });
        var response = await flow.Browser.PostAsync(link, form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await factory.GetUserTokenAsync(email, NewPassword, "openid"));
    }

    [Fact]
    public async Task Reset_tokens_are_stored_only_as_hashes()
    {
        var (userId, email) = await factory.CreateUserAsync();
        var secret = await RequestResetSecretAsync(factory.CreateClient(), email);

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PasswordResetTokens.SingleAsync(t => t.UserId == userId);
        Assert.NotEqual(secret, stored.TokenHash);
        Assert.Equal(PasswordResetToken.HashOf(secret), stored.TokenHash);
        Assert.True(stored.ExpiresAt - stored.CreatedAt <= TimeSpan.FromMinutes(60));
    }

    [Fact]
    public async Task Lockout_engages_after_repeated_wrong_passwords_even_for_the_right_one()
    {
        var (_, email) = await factory.CreateUserAsync();
        for (var i = 0; i < User.MaxFailedSignIns; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetUserTokenAsync(email, "Wrong-password-000", "openid"));
        }

        var locked = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetUserTokenAsync(email, AuthTestExtensions.TestPassword, "openid"));
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.GetUserTokenAsync($"nobody-{Guid.NewGuid():N}@scholar.test", "Wrong-password-000", "openid"));
        // Locked reads exactly like a wrong password: nothing tells an attacker the account exists.
        Assert.Equal(unknown.Message, locked.Message);
        Assert.DoesNotContain("locked", locked.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Concurrent_wrong_guesses_are_all_counted_and_lock_the_account()
    {
        var (_, email) = await factory.CreateUserAsync();
        const int Guesses = User.MaxFailedSignIns * 2;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Guesses).Select(_ => Task.Run(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SignInHandler>()
                .HandleAsync(new SignInCommand(email, "Wrong-password-000"), CancellationToken.None);
            return result.Outcome;
        })));

        // One after another: the fifth wrong guess locks, and every later one finds the account locked.
        Assert.Equal(User.MaxFailedSignIns - 1, outcomes.Count(o => o == SignInOutcome.InvalidCredentials));
        Assert.Equal(Guesses - User.MaxFailedSignIns + 1, outcomes.Count(o => o == SignInOutcome.LockedOut));
        await using var check = factory.Services.CreateAsyncScope();
        var user = await check.ServiceProvider.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.True(user.IsLockedOut(DateTimeOffset.UtcNow));
    }

    private async Task<string> RequestResetSecretAsync(HttpClient client, string email)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/auth/password/forgot", new { email })).StatusCode);
        return (await ResetSecretFromOutboxAsync(email))!;
    }

    private async Task<string?> ResetSecretFromOutboxAsync(string email) =>
        await factory.ResetUrlFromOutboxAsync(email) is { } resetUrl ? QueryHelpers.ParseQuery(resetUrl.Query)["token"].ToString() : null;

    /// <summary>What the forgot-password use case touched in its unit of work, as "Entity:State" before saving.</summary>
    private async Task<List<string>> WorkOfForgotAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var touched = new List<string>();
        db.SavingChanges += (_, _) => touched.AddRange(db.ChangeTracker.Entries().Select(e => $"{e.Entity.GetType().Name}:{e.State}"));
        var queries = 0;
        db.ChangeTracker.Tracked += (_, e) => queries += e.FromQuery ? 1 : 0;
        await scope.ServiceProvider.GetRequiredService<ForgotPasswordHandler>()
            .HandleAsync(new ForgotPasswordCommand(email, factory.Server.BaseAddress + "reset"), CancellationToken.None);
        Assert.Equal(0, queries);
        return touched;
    }

    private async Task<int> CountUsersAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.CountAsync();
    }
}
