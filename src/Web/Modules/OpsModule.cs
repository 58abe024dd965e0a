using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Sentry.AspNetCore;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Application.Common;
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
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("scholar-web", serviceVersion: InstanceIdentity.Version))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql")
                .AddPrometheusExporter())
            // No span exporter yet: tracing is on so every request, outbox delivery and email send has a W3C trace id for logs and propagation.
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql")
                .AddSource(ScholarTracing.SourceName));

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

        // Applies to the Sentry set up in Program.cs when SENTRY_DSN is configured.
        builder.Services.AddOptions<SentryAspNetCoreOptions>().Configure<SecretScrubber>(SentryScrubbing.Apply);
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
