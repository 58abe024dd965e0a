using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Configuration;
using Scholar.Application.Abstractions;
using Scholar.Application.Payments.CheckStripeKey;
using Scholar.Application.Payments.ProcessStripeEvent;
using Scholar.Application.Payments.ListPackages;
using Scholar.Application.Payments.GetPaymentDetail;
using Scholar.Application.Payments.GetPaymentTrail;
using Scholar.Application.Payments.ListPayments;
using Scholar.Application.Payments.GetPurchase;
using Scholar.Application.Payments.ListPurchases;
using Scholar.Application.Payments.ProcessStripeWebhook;
using Scholar.Application.Payments.ReconcileStripe;
using Scholar.Application.Payments.RefundPayment;
using Scholar.Application.Payments.ResolveReview;
using Scholar.Infrastructure.Ops.Deliveries;
using Scholar.Application.Payments.StartCheckout;
using Scholar.Application.Payments.WebhookVersions;
using Scholar.Infrastructure.Payments.Sandbox;
using Scholar.Infrastructure.Payments.Stripe;
using Scholar.Infrastructure.Persistence;
using Stripe;

namespace Scholar.Infrastructure.Payments;

/// <summary>Adapters and services of the Payments module.</summary>
public static class PaymentsRegistration
{
    public const string StripeHttpClient = "stripe";

    public static IServiceCollection AddPaymentsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StripeSettings>().Bind(configuration);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StripeSettings>>().Value);

        services.AddHttpClient(StripeHttpClient);
        services.AddHttpClient(SandboxWebhook.HttpClientName);
        services.AddSingleton<IStripeClient>(sp =>
        {
            var settings = sp.GetRequiredService<StripeSettings>();
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(StripeHttpClient);
            return new StripeClient(
                apiKey: settings.SecretKey ?? "sk_test_missing",
                httpClient: new SystemNetHttpClient(http),
                apiBase: settings.ApiBaseUrl);
        });

        services.AddScoped<IPaymentGateway>(sp =>
        {
            var settings = sp.GetRequiredService<StripeSettings>();
            return settings.UsesSandbox(sp.GetRequiredService<IHostEnvironment>().IsDevelopment())
                ? ActivatorUtilities.CreateInstance<SandboxGateway>(sp)
                : ActivatorUtilities.CreateInstance<StripeGateway>(sp);
        });
        services.AddScoped<SandboxCheckout>();
        services.AddScoped<SandboxWebhook>();
        services.AddSingleton<IStripeWebhookReader, StripeWebhookReader>();
        services.AddScoped<IInboundDeliveryLog, InboundDeliveryLog>();
        services.AddScoped<ProcessStripeWebhookHandler>();
        services.AddSingleton(new PinnedStripeApiVersion(StripeConfiguration.ApiVersion));
        services.AddScoped<WebhookVersionsHandler>();

        services.AddScoped<ListPackagesHandler>();
        services.AddScoped<StartCheckoutHandler>();
        services.AddScoped<ListPurchasesHandler>();
        services.AddScoped<GetPurchaseHandler>();
        services.AddScoped<ListPaymentsHandler>();
        services.AddScoped<GetPaymentDetailHandler>();
        services.AddScoped<GetPaymentTrailHandler>();
        services.AddScoped<StripeEventProcessor>();
        services.AddScoped<ReconcileStripeHandler>();
        services.AddScoped<RefundPaymentHandler>();
        services.AddScoped<ResolveReviewHandler>();
        services.AddScoped<CheckStripeKeyHandler>();
        services.AddSingleton<StripeKeyMonitor>();
        services.AddScoped<IDataSeeder, FunnelPolicySeeder>();
        return services;
    }

    /// <summary>The Stripe key check, run by the Web hosts.</summary>
    public static IServiceCollection AddPaymentsWorkers(this IServiceCollection services, IConfiguration configuration) =>
        services.AddWorkerOf<StripeKeyMonitor>(configuration, ScholarApps.ProviderRegister);
}
