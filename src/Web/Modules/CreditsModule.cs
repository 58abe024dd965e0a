namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Credits module (its endpoints are discovered by FastEndpoints).</summary>
public static class CreditsModule
{
    public static WebApplicationBuilder AddCreditsModule(this WebApplicationBuilder builder) => builder;
}
