using Scholar.Web.Idempotency;

namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Credits module (its endpoints are discovered by FastEndpoints).</summary>
public static class CreditsModule
{
    public static WebApplicationBuilder AddCreditsModule(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Shared by every module's idempotent endpoints; registered here because Credits introduced it.
        builder.Services.AddScoped<IdempotentResponder>();
        return builder;
    }
}
