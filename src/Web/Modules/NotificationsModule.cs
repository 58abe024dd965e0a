using Microsoft.AspNetCore.Authentication;
using Scholar.Web.Security;

namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Notifications module (its endpoints are discovered by FastEndpoints).</summary>
public static class NotificationsModule
{
    public static WebApplicationBuilder AddNotificationsModule(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, NotifySignatureAuthenticationHandler>(NotifySignatureAuthenticationHandler.SchemeName, null);
        return builder;
    }
}
