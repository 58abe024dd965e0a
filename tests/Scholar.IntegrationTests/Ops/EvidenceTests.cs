using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Abstractions;
using Scholar.Application.Credits;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Domain.Credits;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Payments.Sandbox;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

public sealed class EvidenceTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    [Fact]
    public async Task Bundle_joins_the_gateway_session_and_charge_the_ledger_and_is_sealed_with_its_sha256()
    {
        var (paymentId, sessionId) = await FulfilledSandboxPaymentAsync();
        var client = (await factory.ClientAsAsync("operator"));

        var response = await client.GetAsync($"/api/ops/evidence/{paymentId}");
        var missing = await client.GetAsync($"/api/ops/evidence/{Guid.NewGuid()}");
        var student = await (await factory.ClientAsAsync("student")).GetAsync($"/api/ops/evidence/{paymentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
        var bundle = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("fulfilled", bundle["payment"]!["status"]!.GetValue<string>());
        Assert.Equal("sandbox", bundle["stripe"]!["source"]!.GetValue<string>());
        Assert.Equal(sessionId, bundle["stripe"]!["checkoutSession"]!["id"]!.GetValue<string>());
        Assert.Equal("ch_sandbox_evidence", bundle["stripe"]!["charge"]!["id"]!.GetValue<string>());
        Assert.Equal(10, bundle["credits"]!["balance"]!.GetValue<long>());
        Assert.Equal("purchase", bundle["credits"]!["entries"]![0]!["kind"]!.GetValue<string>());

        var sha = bundle["sha256"]!.GetValue<string>();
        bundle.Remove("sha256");
        Assert.Equal(GetEvidenceHandler.Sha256Of(bundle), sha);
        bundle["credits"]!["balance"] = 11;
        Assert.NotEqual(GetEvidenceHandler.Sha256Of(bundle), sha);
    }

    private async Task<(Guid PaymentId, string SessionId)> FulfilledSandboxPaymentAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var package = await db.CreditPackages.FirstAsync();
        var now = DateTimeOffset.UtcNow;
        var userId = Guid.NewGuid();
        var payment = Payment.Start(userId, package, "student@example.com", livemode: false, sandbox: true, now);
        var sessionId = $"cs_sandbox_{Guid.NewGuid():N}";
        payment.AttachCheckoutSession(sessionId, "http://127.0.0.1/sandbox", now);
        payment.MarkPaid(package.PriceCents, package.Currency, "pi_sandbox_evidence", false, now);
        db.Payments.Add(payment);
        db.SandboxSessions.Add(new SandboxSession
        {
            Id = sessionId,
            PaymentId = payment.Id,
            UserId = userId,
            PackageId = package.Id,
            PackageName = package.Name,
            Credits = package.Credits,
            AmountCents = package.PriceCents,
            Currency = package.Currency,
            CustomerEmail = "student@example.com",
            Status = "complete",
            PaymentStatus = "paid",
            PaymentIntentId = "pi_sandbox_evidence",
            ChargeId = "ch_sandbox_evidence",
            CreatedAt = now,
        });
        var ledger = scope.ServiceProvider.GetRequiredService<ICreditLedger>();
        await scope.ServiceProvider.GetRequiredService<ITransactionRunner>().ExecuteAsync(
            c => ledger.AppendAsync(new LedgerAppend(userId, LedgerEntryKind.Purchase, 10, "Purchase", StripeEventProcessor.LedgerSource, payment.PurchaseSourceId,
                $"payment:{payment.Id}", "test"), c),
            CancellationToken.None);
        return (payment.Id, sessionId);
    }
}
