extern alias console;
using Microsoft.Extensions.Options;
using Scholar.Infrastructure.Notifications;
using Pages = console::Scholar.OpsConsole.Pages;

namespace Scholar.ConsoleTests;

/// <summary>The one builder of the console's links out to Stripe's dashboard and Postmark's activity pages.</summary>
public sealed class ProviderLinksTests
{
    [Theory]
    [InlineData("cs_test_a1", "checkout/sessions/cs_test_a1")]
    [InlineData("pi_3Ab", "payments/pi_3Ab")]
    [InlineData("ch_3Ab", "payments/ch_3Ab")]
    [InlineData("re_3Ab", "refunds/re_3Ab")]
    [InlineData("dp_1Ab", "disputes/dp_1Ab")]
    [InlineData("evt_1Ab", "events/evt_1Ab")]
    public void Stripe_ids_link_to_the_test_or_live_dashboard_by_the_payments_mode(string id, string path)
    {
        Assert.Equal("https://dashboard.stripe.com/test/" + path, Pages.ProviderLinks.StripeHref(id, Pages.StripeDashboard.Test));
        Assert.Equal("https://dashboard.stripe.com/" + path, Pages.ProviderLinks.StripeHref(id, Pages.StripeDashboard.Live));
        Assert.Null(Pages.ProviderLinks.StripeHref(id, Pages.StripeDashboard.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("reconcile:ch_1:refunded")]
    [InlineData("cus_1")]
    [InlineData("pi_")]
    public void Anything_else_gets_no_link(string? id) =>
        Assert.Null(Pages.ProviderLinks.StripeHref(id, Pages.StripeDashboard.Live));

    [Fact]
    public void A_notice_links_the_stripe_ids_it_names()
    {
        var parts = Pages.ProviderLinks.InText("Refund re_9Zz of 250 cents: pending.", Pages.StripeDashboard.Test).ToList();

        Assert.Equal("Refund re_9Zz of 250 cents: pending.", string.Concat(parts.Select(p => p.Text)));
        Assert.Equal("https://dashboard.stripe.com/test/refunds/re_9Zz", Assert.Single(parts, p => p.Id is not null).Id!.Href);
        Assert.DoesNotContain(Pages.ProviderLinks.InText("Refund re_9Zz done.", Pages.StripeDashboard.None), p => p.Id is not null);
    }

    [Fact]
    public void Postmark_message_ids_link_only_with_a_server_id_and_only_when_they_are_postmarks()
    {
        var message = Guid.NewGuid().ToString();
        var configured = new Pages.ProviderLinks(Options.Create(new NotificationSettings { PostmarkServerId = "4242", PostmarkMessageStream = "receipts" }));
        var unconfigured = new Pages.ProviderLinks(Options.Create(new NotificationSettings()));

        Assert.Equal($"https://account.postmarkapp.com/servers/4242/streams/receipts/messages/{message}", configured.Postmark(message).Href);
        Assert.Null(unconfigured.Postmark(message).Href);
        Assert.Null(configured.Postmark($"mailbox-{Guid.NewGuid()}").Href);
        Assert.Null(configured.Postmark("SM0123456789abcdef0123456789abcdef").Href);
        Assert.Null(configured.Postmark(null).Href);
    }
}
