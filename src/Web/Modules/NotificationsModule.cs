namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Notifications module (its endpoints are discovered by FastEndpoints).</summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotificationsModule(this WebApplicationBuilder builder) => builder;
}
