using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Ops;

/// <summary>
/// On a real port so the sandbox's "Pay" reaches /webhooks/stripe over HTTP; the test delivers the
/// outbox itself, so whether a receipt exists is known at each step.
/// </summary>
public sealed class RunChecklistFactory : OpsApiFactory
{
    private readonly int _port = LoopbackPort.Free();

    public RunChecklistFactory() => UseKestrel(_port);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["APP_BASE_URL"] = $"http://127.0.0.1:{_port}",
        ["NOTIFY_DISPATCH_ENABLED"] = "false",
    };
}

public sealed class RunChecklistTests(RunChecklistFactory factory) : IClassFixture<RunChecklistFactory>
{
    private sealed record Item(string Title, bool Done, string Evidence);

    private sealed record Checklist(Guid RunId, DateTimeOffset From, DateTimeOffset To, Guid? PaymentId, List<Item> Items);

    private static readonly string[] PurchaseItems = ["A purchase completed", "Credits verified", "Ledger verified", "Evidence attached"];

    [Fact]
    public async Task Purchase_credits_ledger_and_evidence_tick_only_for_a_payment_fulfilled_inside_the_run()
    {
        var before = await SandboxPurchaseAsync();
        var client = await factory.ClientAsAsync("operator");
        var started = await client.PostAsJsonAsync("/api/ops/validation-runs", new { sandbox = true });
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var untouched = await ChecklistAsync(runId);
        Assert.Null(untouched.PaymentId);
        Assert.All(PurchaseItems, title => Assert.False(Find(untouched, title).Done, $"{title} ticked for a payment before the run"));

        var inside = await SandboxPurchaseAsync();
        var ticked = await ChecklistAsync(runId);
        Assert.Equal(inside, ticked.PaymentId);
        Assert.All(PurchaseItems, title => Assert.True(Find(ticked, title).Done, $"{title}: {Find(ticked, title).Evidence}"));
        Assert.Contains(inside.ToString(), Find(ticked, "A purchase completed").Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(before.ToString(), JsonSerializer.Serialize(ticked), StringComparison.Ordinal);

        (await client.PostAsync($"/api/ops/validation-runs/{runId}/stop", null)).EnsureSuccessStatusCode();
        await SandboxPurchaseAsync();
        Assert.Equal(inside, (await ChecklistAsync(runId)).PaymentId);
    }

    [Fact]
    public async Task The_checklist_of_an_unknown_run_is_a_404_and_students_may_not_read_one()
    {
        var missing = await (await factory.ClientAsAsync("operator")).GetAsync($"/api/ops/validation-runs/{Guid.NewGuid()}/checklist");
        var student = await (await factory.ClientAsAsync("student")).GetAsync($"/api/ops/validation-runs/{Guid.NewGuid()}/checklist");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
    }

    private static Item Find(Checklist checklist, string title) => Assert.Single(checklist.Items, i => i.Title == title);

    private async Task<Checklist> ChecklistAsync(Guid runId) =>
        (await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<Checklist>($"/api/ops/validation-runs/{runId}/checklist"))!;

    /// <summary>A new student buys a package, the sandbox pays it through the signed webhook, and the receipt is sent.</summary>
    private async Task<Guid> SandboxPurchaseAsync()
    {
        var (student, _) = await factory.CreateSignedInClientAsync();
        using (student)
        {
            var checkout = await (await student.PostAsJsonAsync("/api/checkout", new { packageId = "starter-50" })).Content.ReadFromJsonAsync<JsonElement>();
            (await factory.CreateClient().PostAsync($"/sandbox/checkout/{checkout.GetProperty("checkoutSessionId").GetString()}/pay", null))
                .EnsureSuccessStatusCode();
            await factory.Services.GetRequiredService<OutboxDeliveryLoop>().DispatchOnceAsync(CancellationToken.None);
            return checkout.GetProperty("paymentId").GetGuid();
        }
    }
}
