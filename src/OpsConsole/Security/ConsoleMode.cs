using Microsoft.Extensions.Options;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Payments;

namespace Scholar.OpsConsole.Security;

/// <summary>Whether the console is looking at sandbox data: the same rules that pick the gateway and the email sender.</summary>
public sealed class ConsoleMode(StripeSettings stripe, IOptions<NotificationSettings> notifications, IHostEnvironment environment)
{
    public bool SandboxPayments => stripe.UsesSandbox(environment.IsDevelopment());

    public bool LocalMailbox => notifications.Value.UsesLocalMailbox(environment.IsDevelopment());

    public bool AnySandbox => SandboxPayments || LocalMailbox;
}
