using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scholar.Application.Abstractions;
using Scholar.Application.Ops.Alerts;
using Scholar.Application.Ops.DeadLetters;
using Scholar.Application.Ops.EmailSending;

namespace Scholar.Infrastructure.Ops.Alerts;

/// <summary>Operator control of delivery (email halt, dead letters) and alerts: use cases, targets, the webhook adapter and the evaluation loop.</summary>
public static class AlertsRegistration
{
    public static IServiceCollection AddOpsAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertSettings>().Bind(configuration);
        services.AddSingleton(sp =>
        {
            var alerts = sp.GetRequiredService<IOptions<AlertSettings>>().Value;
            var twilio = sp.GetRequiredService<IOptions<Notifications.NotificationSettings>>().Value.TwilioConfigured;
            return new AlertTargets(alerts.EmailList, alerts.Webhook is not null, twilio && !string.IsNullOrWhiteSpace(alerts.SmsTo) ? alerts.SmsTo.Trim() : null);
        });
        services.AddScoped<EvaluateAlertsHandler>();
        services.AddScoped<ListAlertsHandler>();
        services.AddScoped<GetEmailSendingHandler>();
        services.AddScoped<ResumeEmailSendingHandler>();
        services.AddScoped<ListDeadLettersHandler>();
        services.AddScoped<RetryDeadLettersHandler>();

        services.AddHttpClient<AlertWebhookDelivery>(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<IOutboxDelivery>(sp => sp.GetRequiredService<AlertWebhookDelivery>());
        services.AddSingleton<AlertEvaluationLoop>();
        return services;
    }
}
