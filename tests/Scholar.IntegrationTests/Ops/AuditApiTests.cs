using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Ops;

/// <summary>Credit grants and adjustments land in audit_log once each; GET /api/ops/audit lists them newest first.</summary>
public sealed class AuditApiTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    [Fact]
    public async Task A_grant_and_an_adjustment_are_audited_once_each_and_listed_newest_first()
    {
        var (student, _) = await factory.CreateUserAsync();
        var (operatorClient, operatorId) = await factory.CreateSignedInClientAsync("operator");
        var grantKey = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Created, (await operatorClient.SendAsync(Entry(new { userId = student, delta = 50, kind = "grant", reason = "welcome bonus" }, grantKey))).StatusCode);
        // A retry with the same key records nothing new, in the ledger or the audit log.
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.SendAsync(Entry(new { userId = student, delta = 50, kind = "grant", reason = "welcome bonus" }, grantKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await operatorClient.SendAsync(Entry(new { userId = student, delta = -20, kind = "adjustment", reason = "correction" }, Guid.NewGuid().ToString()))).StatusCode);

        var audit = (await operatorClient.GetFromJsonAsync<JsonElement[]>("/api/ops/audit?limit=200"))!;

        var mine = audit.Where(e => e.GetProperty("subject").GetString() == $"user:{student}").ToList();
        Assert.Equal(["credits.adjustment", "credits.grant"], mine.Select(e => e.GetProperty("action").GetString()));
        Assert.All(mine, e => Assert.Contains(operatorId.ToString(), e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.Equal(50, mine[1].GetProperty("detail").GetProperty("delta").GetInt64());
        var times = audit.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task Limit_is_honoured_and_a_bad_one_is_a_400_problem()
    {
        var client = await factory.ClientAsAsync("operator");

        var one = await client.GetFromJsonAsync<JsonElement[]>("/api/ops/audit?limit=1");
        var bad = await client.GetAsync("/api/ops/audit?limit=0");

        Assert.True(one!.Length <= 1);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("limit", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Entry(object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ledger/entries") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
