namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Ops module (its endpoints are discovered by FastEndpoints).</summary>
public static class OpsModule
{
    public static WebApplicationBuilder AddOpsModule(this WebApplicationBuilder builder) => builder;
}
