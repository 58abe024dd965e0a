using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Scholar.Application.Payments.ListPayments;
using Scholar.Infrastructure.Notifications;

namespace Scholar.OpsConsole.Pages;

/// <summary>Which Stripe dashboard holds a payment's objects: none for a sandbox payment, which exists only here.</summary>
public enum StripeDashboard
{
    None,
    Test,
    Live,
}

/// <summary>A provider's id as a page shows it, with its page at the provider when there is one (<c>_ProviderId</c> renders it).</summary>
public sealed record ProviderId(string? Value, string? Href, string Provider);

/// <summary>
/// Where an operator looks an id up at the provider: Stripe's dashboard, test or live as the payment was
/// (sessions, payment intents, charges, refunds, disputes, events), and Postmark's page of a sent message
/// when <c>POSTMARK_SERVER_ID</c> says which server sent it. The one place these addresses are built.
/// </summary>
public sealed partial class ProviderLinks(IOptions<NotificationSettings> notifications)
{
    private const string StripeDashboardBase = "https://dashboard.stripe.com/";

    /// <summary>Stripe's id prefixes and the dashboard page of each (a charge is shown on its payment's page).</summary>
    private static readonly (string Prefix, string Path)[] StripePaths =
    [
        ("cs_", "checkout/sessions/"),
        ("pi_", "payments/"),
        ("ch_", "payments/"),
        ("re_", "refunds/"),
        ("dp_", "disputes/"),
        ("du_", "disputes/"),
        ("evt_", "events/"),
    ];

    public static StripeDashboard DashboardOf(PaymentSummary payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        return payment.Sandbox ? StripeDashboard.None : payment.Livemode ? StripeDashboard.Live : StripeDashboard.Test;
    }

    public static ProviderId Stripe(string? id, StripeDashboard dashboard) => new(id, StripeHref(id, dashboard), "Stripe");

    /// <summary>The dashboard page of a Stripe id, or null for a sandbox payment's ids and for anything that is no Stripe id.</summary>
    public static string? StripeHref(string? id, StripeDashboard dashboard)
    {
        if (id is null || dashboard == StripeDashboard.None)
        {
            return null;
        }

        var path = StripePaths.FirstOrDefault(p => id.Length > p.Prefix.Length && id.StartsWith(p.Prefix, StringComparison.Ordinal)).Path;
        return path is null ? null : StripeDashboardBase + (dashboard == StripeDashboard.Live ? "" : "test/") + path + Uri.EscapeDataString(id);
    }

    /// <summary>Postmark's activity page of a message it accepted (its MessageID is a UUID; the local mailbox's and Twilio's are not).</summary>
    public ProviderId Postmark(string? messageId)
    {
        var settings = notifications.Value;
        var href = Guid.TryParse(messageId, out var id) && !string.IsNullOrWhiteSpace(settings.PostmarkServerId)
            ? $"https://account.postmarkapp.com/servers/{Uri.EscapeDataString(settings.PostmarkServerId.Trim())}"
                + $"/streams/{Uri.EscapeDataString(settings.PostmarkMessageStream)}/messages/{id}"
            : null;
        return new ProviderId(messageId, href, "Postmark");
    }

    /// <summary>A sentence cut around the Stripe ids it names (a refund's notice …): plain text, or an id with its link.</summary>
    public static IEnumerable<(string Text, ProviderId? Id)> InText(string text, StripeDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = 0;
        foreach (Match match in StripeIdPattern().Matches(text))
        {
            if (StripeHref(match.Value, dashboard) is not { } href)
            {
                continue;
            }

            yield return (text[at..match.Index], null);
            yield return (match.Value, new ProviderId(match.Value, href, "Stripe"));
            at = match.Index + match.Length;
        }

        yield return (text[at..], null);
    }

    [GeneratedRegex(@"\b(?:cs|pi|ch|re|dp|du|evt)_[A-Za-z0-9_]+")]
    private static partial Regex StripeIdPattern();
}
