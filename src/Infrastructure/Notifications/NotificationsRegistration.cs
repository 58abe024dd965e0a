using DnsClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Configuration;
using Scholar.Application.Abstractions;
using Scholar.Application.Notifications.Deliverability;
using Scholar.Application.Notifications.GetNotification;
using Scholar.Application.Notifications.RecordProviderEvent;
using Scholar.Application.Notifications.SendNotification;
using Scholar.Infrastructure.Notifications.Deliverability;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Notifications.Mailbox;
using Scholar.Infrastructure.Notifications.Outbox;
using Scholar.Infrastructure.Notifications.Postmark;
using Scholar.Infrastructure.Notifications.Signing;
using Scholar.Infrastructure.Notifications.Templates;

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
        services.AddSingleton<RetryBackoff>();
        services.AddSingleton<ILookupClient>(_ => new LookupClient());
        services.AddScoped<ISenderDomainCheck, DnsSenderDomainCheck>();

        services.AddHttpClient<NotifyApiClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<NotificationSettings>>().Value.AutoComCenterBase;
            // /api/send only queues; a slow answer means trouble, and the dispatcher holds row locks meanwhile.
            http.Timeout = TimeSpan.FromSeconds(10);
        });
        services.AddScoped<IOutboxDelivery>(sp => sp.GetRequiredService<NotifyApiClient>());
        services.AddScoped<SendSmokeTest>();

        services.AddHttpClient<PostmarkEmailSender>((sp, http) =>
        {
            var s = sp.GetRequiredService<IOptions<NotificationSettings>>().Value;
            http.BaseAddress = new Uri(s.PostmarkApiBaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(s.PostmarkTimeoutSeconds);
        });
        services.AddScoped<LocalMailboxEmailSender>();
        services.AddScoped<LocalMailbox>();
        services.AddScoped<IEmailSender>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<NotificationSettings>>().Value;
            return settings.UsesLocalMailbox(sp.GetRequiredService<IHostEnvironment>().IsDevelopment())
                ? sp.GetRequiredService<LocalMailboxEmailSender>()
                : sp.GetRequiredService<PostmarkEmailSender>();
        });

        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<NotificationSender>();
        return services;
    }

    /// <summary>Outbox delivery and email sending, run by the Web hosts.</summary>
    /// <summary>
    /// The outbox is dispatched (over HTTP, to auto_com_center's <c>/api/send</c>) by the apps that fill
    /// it; auto_com_center sends what it accepted.
    /// </summary>
    public static IServiceCollection AddNotificationsWorkers(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddWorkerOf<OutboxDispatcher>(configuration, ScholarApps.Auth, ScholarApps.StudentPilot, ScholarApps.ProviderRegister)
            .AddWorkerOf<NotificationSender>(configuration, ScholarApps.AutoComCenter);
}
