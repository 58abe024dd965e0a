using Scholar.Infrastructure.Notifications.Templates;

namespace Scholar.IntegrationTests.Notifications;

public sealed class TemplateTests
{
    private readonly FluidNotificationTemplates _templates = new();

    [Fact]
    public void Html_part_encodes_user_data_while_text_and_subject_keep_it_verbatim()
    {
        var email = _templates.Render("welcome", new Dictionary<string, string> { ["name"] = "<script>alert(1)</script>" });

        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", email.TextBody, StringComparison.Ordinal);
        Assert.Equal("Welcome to Scholar, <script>alert(1)</script>", email.Subject);
    }

    [Fact]
    public void Receipt_shows_credits_amount_and_payment_reference_in_both_parts()
    {
        var email = _templates.Render("purchase_receipt", new Dictionary<string, string>
        {
            ["name"] = "Ada",
            ["credits"] = "250",
            ["amountFormatted"] = "$25.00",
            ["paymentId"] = "pay_123",
        });

        Assert.Equal("Your Scholar receipt: 250 credits", email.Subject);
        foreach (var part in new[] { email.HtmlBody, email.TextBody })
        {
            Assert.Contains("250 credits", part, StringComparison.Ordinal);
            Assert.Contains("$25.00", part, StringComparison.Ordinal);
            Assert.Contains("pay_123", part, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("purchase_receipt", new[] { "name", "credits", "amountFormatted", "paymentId" })]
    [InlineData("password_reset", new[] { "name", "resetUrl" })]
    [InlineData("welcome", new[] { "name" })]
    [InlineData("deliverability_test", new[] { "runId" })]
    public void Contract_templates_declare_their_required_variables(string template, string[] required)
    {
        Assert.Equal(required, _templates.RequiredVariables(template));
    }

    [Fact]
    public void Unknown_template_declares_nothing()
    {
        Assert.Null(_templates.RequiredVariables("no_such_template"));
    }
}
