using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Configuration;
using Scholar.Application.Abstractions;
using Scholar.Application.Notifications;
using Scholar.Application.Notifications.DeliverOutbox;
using Scholar.Application.Notifications.SendQueuedNotification;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Application.Notifications.GetNotification;
using Scholar.Application.Notifications.RecordProviderEvent;
using Scholar.Application.Notifications.SendNotification;
using Scholar.Infrastructure.Notifications.Deliverability;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Notifications.Mailbox;
using Scholar.Infrastructure.Notifications.Postmark;
using Scholar.Infrastructure.Notifications.Signing;
using Scholar.Infrastructure.Notifications.Templates;
using Scholar.Infrastructure.Notifications.Twilio;

namespace Scholar.Infrastructure.Notifications;

/// <summary>Adapters and services of the Notifications module.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotificationsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationSettings>().Bind(configuration);
        services.AddScoped<INotificationOutbox, NotificationOutbox>();

        services.AddScoped<SendNotificationHandler>();
        services.AddScoped<GetNotificationHandler>();
        services.AddScoped<ProviderEventRecorder>();
        services.AddScoped<GetDeliverabilityHandler>();
        services.AddScoped<StartInboxTestHandler>();

        services.AddSingleton<INotificationTemplates, FluidNotificationTemplates>();
        services.AddSingleton<NotifySignature>();
        services.AddSingleton(sp =>
        {
            var s = sp.GetRequiredService<IOptions<NotificationSettings>>().Value;
            return new DeliveryTuning(s.MaxAttempts, s.RetryBaseSeconds, s.RetryCapSeconds, s.BatchSize, s.SendingLease);
        });
        services.AddSingleton<RetryBackoff>();
        services.AddScoped<DeliverOutboxHandler>();
        services.AddScoped<SendQueuedNotificationHandler>();
        services.AddSingleton<ILookupClient>(_ => new LookupClient());
        services.AddScoped<ISenderDomainCheck, DnsSenderDomainCheck>();

        services.AddHttpClient<ApiSendDelivery>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<NotificationSettings>>().Value.AutoComCenterBase;
            // /api/send only queues; a slow answer means trouble, and the dispatcher holds row locks meanwhile.
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.AddScoped<IOutboxDelivery>(sp => sp.GetRequiredService<ApiSendDelivery>());
        services.AddScoped<SendSmokeTest>();

        services.AddHttpClient<PostmarkEmailSender>((sp, http) =>
        {
            var s = sp.GetRequiredService<IOptions<NotificationSettings>>().Value;
            http.BaseAddress = new Uri(s.PostmarkApiBaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(s.PostmarkTimeoutSeconds);
        });
        services.AddTransient<TwilioBaseAddressHandler>();
        services.AddHttpClient<ISmsProvider, TwilioSmsSender>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<NotificationSettings>>().Value.TwilioTimeoutSeconds))
            .AddHttpMessageHandler<TwilioBaseAddressHandler>();
        services.AddScoped<LocalMailboxEmailSender>();
        services.AddScoped<LocalMailbox>();
        services.AddScoped<IEmailProvider>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<NotificationSettings>>().Value;
            return settings.UsesLocalMailbox(sp.GetRequiredService<IHostEnvironment>().IsDevelopment())
                ? sp.GetRequiredService<LocalMailboxEmailSender>()
                : sp.GetRequiredService<PostmarkEmailSender>();
        });

        services.AddSingleton<OutboxDeliveryLoop>();
        services.AddSingleton<NotificationSendingLoop>();
        return services;
    }

    /// <summary>
    /// The outbox is dispatched (over HTTP, to auto_com_center's <c>/api/send</c>) by the apps that fill
    /// it; auto_com_center sends what it accepted.
    /// </summary>
    public static IServiceCollection AddNotificationsWorkers(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddWorkerOf<OutboxDeliveryLoop>(configuration, ScholarApps.Auth, ScholarApps.StudentPilot, ScholarApps.ProviderRegister)
            .AddWorkerOf<NotificationSendingLoop>(configuration, ScholarApps.AutoComCenter);
}
