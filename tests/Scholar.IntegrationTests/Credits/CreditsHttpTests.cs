using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Scholar.Domain.Auth;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Auth;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Credits;

/// <summary>The Credits HTTP contract (DESIGN.md §5) through the real pipeline and real tokens.</summary>
public sealed class CreditsHttpTests(CreditsApiFactory factory) : IClassFixture<CreditsApiFactory>
{
    private static HttpRequestMessage Consume(string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/credits/consume")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private static HttpRequestMessage Entry(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ledger/entries") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private async Task<(HttpClient Client, Guid UserId)> StudentWithAsync(long credits)
    {
        var (client, userId) = await factory.CreateSignedInClientAsync(Role.Student);
        if (credits > 0)
        {
            await factory.AppendAsync(userId, LedgerEntryKind.Grant, credits, $"seed-{userId}");
        }

        return (client, userId);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        if (type is not null)
        {
            Assert.EndsWith("/" + type, body.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        if (field is not null)
        {
            var names = body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("name").GetString());
            Assert.Contains(field, names, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Student_sees_own_balance_and_ledger_newest_first()
    {
        var (client, user) = await StudentWithAsync(30);
        await factory.AppendAsync(user, LedgerEntryKind.Consumption, -5, "spend");

        var balance = await JsonAsync(await client.GetAsync("/api/credits/balance"));
        var ledger = await JsonAsync(await client.GetAsync("/api/credits/ledger?limit=1"));
        var older = await JsonAsync(await client.GetAsync($"/api/credits/ledger?limit=1&cursor={ledger.GetProperty("nextCursor").GetString()}"));

        Assert.Equal(25, balance.GetProperty("balance").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, balance.GetProperty("updatedAt").ValueKind);
        var newest = Assert.Single(ledger.GetProperty("items").EnumerateArray());
        Assert.Equal(-5, newest.GetProperty("delta").GetInt64());
        Assert.Equal("consumption", newest.GetProperty("kind").GetString());
        Assert.Equal(25, newest.GetProperty("balanceAfter").GetInt64());
        Assert.Equal(30, Assert.Single(older.GetProperty("items").EnumerateArray()).GetProperty("delta").GetInt64());
        Assert.Equal(JsonValueKind.Null, older.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Consume_answers_the_entry_and_new_balance()
    {
        var (client, user) = await StudentWithAsync(100);

        var response = await client.SendAsync(Consume("""{"amount":10,"reason":"essay review"}""", "k-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(90, body.GetProperty("balance").GetInt64());
        Assert.NotEqual(Guid.Empty, body.GetProperty("entryId").GetGuid());
        Assert.Equal((90L, 90L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Fifty_parallel_http_consumes_of_ten_against_a_hundred_let_exactly_ten_through()
    {
        var (client, user) = await StudentWithAsync(100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            client.SendAsync(Consume("""{"amount":10,"reason":"parallel"}""", $"p-{i}"))));

        var others = responses.Where(r => r.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Conflict)).ToList();
        Assert.True(others.Count == 0, string.Join("; ", await Task.WhenAll(others.Select(async r => $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}"))));
        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(40, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await AssertProblemAsync(responses.First(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict, "insufficient-credits");
        Assert.Equal((0L, 0L, 11), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Same_key_fired_twenty_times_concurrently_records_one_entry_and_gives_twenty_identical_answers()
    {
        var (client, user) = await StudentWithAsync(100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.SendAsync(Consume("""{"amount":10,"reason":"same"}""", "same-key"))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Equal(19, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal((90L, 90L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Replay_with_reordered_json_is_the_same_request()
    {
        var (client, user) = await StudentWithAsync(100);

        var first = await client.SendAsync(Consume("""{"amount":10,"reason":"r"}""", "order"));
        var again = await client.SendAsync(Consume("""{ "reason": "r", "amount": 10 }""", "order"));

        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal((90L, 90L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Different_body_with_a_used_key_is_a_422_problem_and_writes_nothing()
    {
        var (client, user) = await StudentWithAsync(100);
        await client.SendAsync(Consume("""{"amount":10,"reason":"first"}""", "used"));

        var response = await client.SendAsync(Consume("""{"amount":20,"reason":"first"}""", "used"));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal((90L, 90L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Keys_are_per_caller_so_two_students_may_use_the_same_key()
    {
        var (alice, aliceId) = await StudentWithAsync(50);
        var (bob, bobId) = await StudentWithAsync(50);

        var a = await alice.SendAsync(Consume("""{"amount":10,"reason":"x"}""", "shared"));
        var b = await bob.SendAsync(Consume("""{"amount":20,"reason":"x"}""", "shared"));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal((40L, 40L, 2), await factory.BalanceAsync(aliceId));
        Assert.Equal((30L, 30L, 2), await factory.BalanceAsync(bobId));
    }

    [Fact]
    public async Task Insufficient_credits_is_a_409_problem_replayed_for_the_same_key()
    {
        var (client, user) = await StudentWithAsync(5);

        var first = await client.SendAsync(Consume("""{"amount":10,"reason":"big"}""", "short"));
        var again = await client.SendAsync(Consume("""{"amount":10,"reason":"big"}""", "short"));

        await AssertProblemAsync(first, HttpStatusCode.Conflict, "insufficient-credits");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal((5L, 5L, 1), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Consume_without_idempotency_key_is_a_400_problem_naming_the_header()
    {
        var (client, user) = await StudentWithAsync(100);

        var response = await client.SendAsync(Consume("""{"amount":10,"reason":"no key"}""", key: null));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "idempotency-key-missing", "Idempotency-Key");
        Assert.Equal((100L, 100L, 1), await factory.BalanceAsync(user));
    }

    [Theory]
    [InlineData("""{"amount":0,"reason":"zero"}""")]
    [InlineData("""{"amount":-5,"reason":"negative"}""")]
    [InlineData("""{"amount":10.5,"reason":"fraction"}""")]
    [InlineData("""{"amount":1000000000000,"reason":"huge"}""")]
    [InlineData("""{"amount":1e30,"reason":"absurd"}""")]
    [InlineData("""{"amount":"ten","reason":"text"}""")]
    [InlineData("""{"reason":"missing"}""")]
    public async Task Bad_amounts_are_400_problems_naming_amount_and_write_nothing(string json)
    {
        var (client, user) = await StudentWithAsync(100);

        var response = await client.SendAsync(Consume(json, Guid.NewGuid().ToString()));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field: "amount");
        Assert.Equal((100L, 100L, 1), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Missing_reason_is_a_400_problem_naming_reason()
    {
        var (client, _) = await StudentWithAsync(100);

        var response = await client.SendAsync(Consume("""{"amount":1}""", "no-reason"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field: "reason");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("cursor=forged-cursor", "cursor")]
    public async Task Bad_paging_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        var (client, _) = await StudentWithAsync(0);

        var response = await client.GetAsync($"/api/credits/ledger?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field: field);
    }

    [Fact]
    public async Task Student_cannot_read_another_users_ledger_or_record_entries()
    {
        var (client, _) = await StudentWithAsync(0);
        var (_, other) = await StudentWithAsync(10);

        var read = await client.GetAsync($"/api/ledger/users/{other}");
        var write = await client.SendAsync(Entry(new { userId = other, delta = 5, kind = "grant", reason = "self-service" }, "steal"));

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal((10L, 10L, 1), await factory.BalanceAsync(other));
    }

    [Fact]
    public async Task Operator_reads_a_users_ledger_and_records_adjustments_and_grants()
    {
        var (op, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        var (_, student) = await StudentWithAsync(10);

        var grant = await op.SendAsync(Entry(new { userId = student, delta = 15, kind = "grant", reason = "goodwill" }, "g-1"));
        var adjust = await op.SendAsync(Entry(new { userId = student, delta = -5, kind = "adjustment", reason = "correction" }, "a-1"));
        var ledger = await JsonAsync(await op.GetAsync($"/api/ledger/users/{student}"));

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(HttpStatusCode.Created, adjust.StatusCode);
        var entry = await JsonAsync(adjust);
        Assert.Equal("adjustment", entry.GetProperty("kind").GetString());
        Assert.Equal(20, entry.GetProperty("balanceAfter").GetInt64());
        Assert.Equal(student, ledger.GetProperty("userId").GetGuid());
        Assert.Equal(20, ledger.GetProperty("balance").GetInt64());
        Assert.Equal([-5L, 15L, 10L], ledger.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("delta").GetInt64()));
    }

    [Fact]
    public async Task Operator_adjustment_never_overdraws_and_bad_entries_are_refused()
    {
        var (op, _) = await factory.CreateSignedInClientAsync(Role.Operator);
        var (_, student) = await StudentWithAsync(10);

        var overdraw = await op.SendAsync(Entry(new { userId = student, delta = -11, kind = "adjustment", reason = "too much" }, "o-1"));
        var negativeGrant = await op.SendAsync(Entry(new { userId = student, delta = -1, kind = "grant", reason = "x" }, "o-2"));
        var wrongKind = await op.SendAsync(Entry(new { userId = student, delta = 5, kind = "purchase", reason = "x" }, "o-3"));
        var zero = await op.SendAsync(Entry(new { userId = student, delta = 0, kind = "adjustment", reason = "x" }, "o-4"));
        var unknownUser = await op.SendAsync(Entry(new { userId = Guid.NewGuid(), delta = 5, kind = "grant", reason = "x" }, "o-5"));
        var noKey = await op.SendAsync(Entry(new { userId = student, delta = 5, kind = "grant", reason = "x" }, key: null));
        var unknownRead = await op.GetAsync($"/api/ledger/users/{Guid.NewGuid()}");

        await AssertProblemAsync(overdraw, HttpStatusCode.Conflict, "insufficient-credits");
        await AssertProblemAsync(negativeGrant, HttpStatusCode.BadRequest, field: "delta");
        await AssertProblemAsync(wrongKind, HttpStatusCode.BadRequest, field: "kind");
        await AssertProblemAsync(zero, HttpStatusCode.BadRequest, field: "delta");
        await AssertProblemAsync(unknownUser, HttpStatusCode.NotFound);
        await AssertProblemAsync(noKey, HttpStatusCode.BadRequest, "idempotency-key-missing");
        await AssertProblemAsync(unknownRead, HttpStatusCode.NotFound);
        Assert.Equal((10L, 10L, 1), await factory.BalanceAsync(student));
    }

    [Fact]
    public async Task Service_with_credits_admin_scope_may_grant_but_cannot_consume_as_a_user()
    {
        var token = await factory.GetServiceTokenAsync(AuthClients.ProviderRegister, "credits.admin");
        using var service = factory.CreateBearerClient(token);
        var (_, student) = await StudentWithAsync(0);

        var grant = await service.SendAsync(Entry(new { userId = student, delta = 7, kind = "grant", reason = "promo" }, "svc-1"));
        var consume = await service.SendAsync(Consume("""{"amount":1,"reason":"x"}""", "svc-2"));

        Assert.Equal(HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, consume.StatusCode);
        Assert.Equal((7L, 7L, 1), await factory.BalanceAsync(student));
    }

    [Fact]
    public async Task Missing_or_foreign_tokens_are_refused_with_401()
    {
        using var anonymous = factory.CreateClient();
        using var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ForeignToken());

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/credits/balance")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Consume("""{"amount":1,"reason":"x"}""", "anon"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/credits/balance")).StatusCode);
    }

    /// <summary>A well-formed JWT for this API signed by a key the issuer never published.</summary>
    private static string ForeignToken()
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "http://127.0.0.1:5080/",
            Audience = "scholar-api",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("scope", "credits")]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
        });
    }
}
