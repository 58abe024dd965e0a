using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scholar.Infrastructure.Auth;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

public sealed class SendTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Body(string to, string? key = null, string template = "welcome", string data = """{"name":"Ada"}""") =>
        $$"""{"template":"{{template}}","to":"{{to}}","data":{{data}}{{(key is null ? "" : $",\"idempotencyKey\":\"{key}\"")}}}""";

    private Task<int> CountTo(string to) => factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.To == to));

    [Fact]
    public async Task Signed_send_is_accepted_and_queued()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("signed@example.com")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
        var id = json.RootElement.GetProperty("id").GetGuid();
        var row = await factory.WithDbAsync(db => db.Notifications.SingleAsync(n => n.Id == id));
        Assert.Equal("welcome", row.Template);
        Assert.Equal("Ada", row.Data["name"]);
    }

    [Fact]
    public async Task Bearer_token_with_notifications_send_scope_is_accepted()
    {
        using var client = factory.CreateBearerClient(await factory.GetServiceTokenAsync(AuthClients.ProviderRegister, "notifications.send"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/send")
        {
            Content = new StringContent(Body("bearer@example.com"), System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await CountTo("bearer@example.com"));
    }

    [Fact]
    public async Task Bearer_token_without_the_scope_is_forbidden_and_nothing_queued()
    {
        var (client, _) = await factory.CreateSignedInClientAsync(Scholar.Domain.Auth.Role.Student);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/send")
        {
            Content = new StringContent(Body("student-bearer@example.com"), System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await CountTo("student-bearer@example.com"));
    }

    [Fact]
    public async Task Unsigned_send_is_refused_with_a_401_problem_and_nothing_queued()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/send")
        {
            Content = new StringContent(Body("unsigned@example.com"), System.Text.Encoding.UTF8, "application/json"),
        };

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountTo("unsigned@example.com"));
    }

    [Fact]
    public async Task Wrong_secret_is_refused()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("wrong-secret@example.com"), secret: "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await CountTo("wrong-secret@example.com"));
    }

    [Fact]
    public async Task Stale_timestamp_is_refused()
    {
        var sixMinutesAgo = factory.Clock.GetUtcNow().AddSeconds(-301);

        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("stale@example.com"), sixMinutesAgo));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await CountTo("stale@example.com"));
    }

    [Fact]
    public async Task Tampered_body_is_refused()
    {
        using var request = factory.SignedRequest(HttpMethod.Post, "/api/send", Body("tampered@example.com"));
        request.Content = new StringContent(Body("tampered@example.com", data: """{"name":"Mallory"}"""), System.Text.Encoding.UTF8, "application/json");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await CountTo("tampered@example.com"));
    }

    [Fact]
    public async Task Same_key_twice_answers_the_same_id_and_queues_one_notification()
    {
        var first = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("twice@example.com", "key-twice")));
        var second = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("twice@example.com", "key-twice")));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await IdOf(first), await IdOf(second));
        Assert.Equal(1, await CountTo("twice@example.com"));
    }

    [Fact]
    public async Task Idempotency_key_header_deduplicates_a_bearer_send()
    {
        using var client = factory.CreateBearerClient(await factory.GetServiceTokenAsync(AuthClients.ProviderRegister, "notifications.send"));
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/send")
            {
                Content = new StringContent(Body("header-key@example.com"), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "header-key-1");
            return await client.SendAsync(request);
        }

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal(await IdOf(first), await IdOf(second));
        Assert.Equal(1, await CountTo("header-key@example.com"));
    }

    [Fact]
    public async Task Signed_send_with_a_header_key_other_than_the_signed_one_is_400_and_queues_nothing()
    {
        using var withoutBodyKey = factory.SignedRequest(HttpMethod.Post, "/api/send", Body("header-mismatch@example.com"));
        withoutBodyKey.Headers.Add("Idempotency-Key", "fresh-header-key");
        using var differing = factory.SignedRequest(HttpMethod.Post, "/api/send", Body("header-mismatch@example.com", "signed-key"));
        differing.Headers.Add("Idempotency-Key", "other-key");

        var first = await _client.SendAsync(withoutBodyKey);
        var second = await _client.SendAsync(differing);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Contains("Idempotency-Key", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountTo("header-mismatch@example.com"));
    }

    [Fact]
    public async Task Replayed_signed_send_queues_nothing_new_with_or_without_a_matching_header()
    {
        var body = Body("replayed@example.com");
        var original = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body));
        var replay = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", body));
        using var keyed = factory.SignedRequest(HttpMethod.Post, "/api/send", Body("replayed-keyed@example.com", "signed-key-2"));
        keyed.Headers.Add("Idempotency-Key", "signed-key-2");

        Assert.Equal(await IdOf(original), await IdOf(replay));
        Assert.Equal(1, await CountTo("replayed@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SendAsync(keyed)).StatusCode);
    }

    [Fact]
    public async Task Unknown_template_is_422_naming_it()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("unknown@example.com", template: "no_such_template")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("no_such_template", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountTo("unknown@example.com"));
    }

    [Fact]
    public async Task Missing_variables_are_422_naming_each_of_them()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send",
            Body("missing@example.com", template: "purchase_receipt", data: """{"name":"Ada","credits":100}""")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("amountFormatted", text, StringComparison.Ordinal);
        Assert.Contains("paymentId", text, StringComparison.Ordinal);
        Assert.DoesNotContain("data.credits", text, StringComparison.Ordinal);
        Assert.Equal(0, await CountTo("missing@example.com"));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("Ada <ada@example.com>")]
    [InlineData("two@example.com, three@example.com")]
    public async Task Bad_address_is_400(string to)
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body(to)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("to", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Alias_answers_like_api_send_with_deprecation_and_successor_link()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/send-notification", Body("alias@example.com")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("@", response.Headers.GetValues("Deprecation").Single(), StringComparison.Ordinal);
        Assert.Equal("</api/send>; rel=\"successor-version\"", response.Headers.GetValues("Link").Single());
        Assert.False(response.Headers.Contains("Sunset"));
        Assert.Equal(1, await CountTo("alias@example.com"));
    }

    [Fact]
    public async Task Api_send_carries_no_deprecation_header()
    {
        var response = await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("not-deprecated@example.com")));

        Assert.False(response.Headers.Contains("Deprecation"));
    }

    [Fact]
    public async Task Notification_status_is_readable_by_a_signed_service_and_refused_without_credentials()
    {
        var id = await IdOf(await _client.SendAsync(factory.SignedRequest(HttpMethod.Post, "/api/send", Body("status@example.com"))));

        var signed = await _client.SendAsync(factory.SignedRequest(HttpMethod.Get, $"/api/notifications/{id}", ""));
        var anonymous = await _client.GetAsync($"/api/notifications/{id}");

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        using var json = JsonDocument.Parse(await signed.Content.ReadAsStringAsync());
        Assert.Equal("queued", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("attempts").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Openapi_document_describes_the_notification_endpoints()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/send", document, StringComparison.Ordinal);
        Assert.Contains("/webhooks/postmark", document, StringComparison.Ordinal);
    }
}
