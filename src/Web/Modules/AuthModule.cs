namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Auth module (its endpoints are discovered by FastEndpoints).</summary>
public static class AuthModule
{
    public static WebApplicationBuilder AddAuthModule(this WebApplicationBuilder builder) => builder;
}
