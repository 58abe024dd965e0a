using Microsoft.Extensions.Options;
using Scholar.Application.Ops.GetDataMode;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Payments;
using Scholar.OpsConsole.Pages;

namespace Scholar.OpsConsole.Security;

/// <summary>What the console says about sandbox data, read once per request.</summary>
/// <param name="SandboxPayments">No real money moves: the sandbox gateway or Stripe test keys.</param>
/// <param name="LocalMailbox">Email goes to the local mailbox.</param>
public sealed record ConsoleModeView(bool SandboxPayments, bool LocalMailbox)
{
    public bool AnySandbox => SandboxPayments || LocalMailbox;
}

/// <summary>
/// Whether the console is looking at sandbox data. The apps decide (their heartbeats report their Stripe
/// key kind and whether their Postmark token is set); only when no app reports, or the database cannot
/// be read, does the console fall back to the same rules applied to its own settings.
/// </summary>
public sealed class ConsoleMode(
    GetDataModeHandler dataMode,
    StripeSettings stripe,
    IOptions<NotificationSettings> notifications,
    IHostEnvironment environment,
    ILogger<ConsoleMode> logger)
{
    private ConsoleModeView? _view;

    public async Task<ConsoleModeView> ReadAsync(CancellationToken ct)
    {
        if (_view is not null)
        {
            return _view;
        }

        var development = environment.IsDevelopment();
        var configuredPayments = stripe.UsesSandbox(development);
        var configuredMailbox = notifications.Value.UsesLocalMailbox(development);
        try
        {
            var reported = await dataMode.HandleAsync(ct);
            _view = new ConsoleModeView(reported.SandboxPayments ?? configuredPayments, reported.LocalMailbox ?? configuredMailbox);
        }
        catch (Exception e) when (ErrorModel.IsDatabaseDown(e))
        {
            logger.LogWarning("Could not read the apps' heartbeats for the sandbox banner ({Error}); using the console's own settings", e.GetType().Name);
            _view = new ConsoleModeView(configuredPayments, configuredMailbox);
        }

        return _view;
    }
}
