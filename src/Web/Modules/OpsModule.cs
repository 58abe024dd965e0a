using OpenTelemetry.Metrics;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.Web.Ops;
using Scholar.Web.Security;

namespace Scholar.Web.Modules;

/// <summary>Web-side registrations of the Ops module (its endpoints are discovered by FastEndpoints).</summary>
public static class OpsModule
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddOpsModule(this WebApplicationBuilder builder)
    {
        // Every request, outbox delivery and email send has a W3C trace id; spans leave over OTLP when configured.
        builder.Services.AddScholarTelemetry(builder.Configuration, "scholar-web", m => m.AddPrometheusExporter());

        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        return builder;
    }

    /// <summary>Request timing (right after the exception handler) and the operator-only scrape endpoint.</summary>
    public static WebApplication UseOpsModule(this WebApplication app)
    {
        app.UseMiddleware<RequestTimingMiddleware>();
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(AuthPolicies.MetricsReader);
        return app;
    }
}
