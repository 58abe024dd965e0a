using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Abstractions;
using Scholar.Infrastructure.Notifications.Outbox;

namespace Scholar.Infrastructure.Notifications;

/// <summary>Adapters and services of the Notifications module.</summary>
public static class NotificationsRegistration
{
    public static IServiceCollection AddNotificationsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<INotificationOutbox, NotificationOutbox>();
        return services;
    }
}
