namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Payments module (its endpoints are discovered by FastEndpoints).</summary>
public static class PaymentsModule
{
    public static WebApplicationBuilder AddPaymentsModule(this WebApplicationBuilder builder) => builder;
}
