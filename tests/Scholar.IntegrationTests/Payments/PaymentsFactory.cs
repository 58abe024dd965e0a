using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Payments;

public class PaymentsFactory : ScholarApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["STRIPE_WEBHOOK_SECRET"] = StripeTestEvents.WebhookSecret,
    };

    /// <summary>A pending payment for a package, as checkout would leave it.</summary>
    public async Task<Payment> CreatePendingPaymentAsync(Guid userId, string packageId = "standard-120")
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var package = await db.CreditPackages.FindAsync(packageId) ?? throw new InvalidOperationException(packageId);
        var payment = Payment.Start(userId, package, "student@example.com", livemode: false, sandbox: false, DateTimeOffset.UtcNow);
        payment.AttachCheckoutSession($"cs_test_{Guid.NewGuid():N}", "https://checkout.stripe.test/pay", DateTimeOffset.UtcNow);
        db.Payments.Add(payment);
        await db.SaveChangesAsync();
        return payment;
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(string payload, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe")
        {
            Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return await CreateClient().SendAsync(request);
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<Payment> GetPaymentAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Payments.FindAsync(id) ?? throw new InvalidOperationException($"payment {id}");
    }
}
