using Scholar.Infrastructure.Configuration;

namespace Scholar.Web.Security;

public static class CorsSetup
{
    /// <summary>Only the origins in CORS_ALLOWED_ORIGINS get CORS headers; with none set, no origin does.</summary>
    public static IServiceCollection AddScholarCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.Get<ScholarSettings>()?.CorsOrigins ?? [];
        return services.AddCors(o => o.AddDefaultPolicy(p =>
        {
            if (origins.Count > 0)
            {
                p.WithOrigins([.. origins]).AllowAnyHeader().AllowAnyMethod()
                    .WithExposedHeaders("Location", "Retry-After", "Deprecation", "Link", "Sunset");
            }
        }));
    }
}
