using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scholar.Application.Common;
using Scholar.Infrastructure.Ops.Instances;
using Sentry.AspNetCore;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// Telemetry both hosts share: ASP.NET Core, HttpClient, .NET runtime, Npgsql and the business meters
/// (<see cref="ScholarMeters"/>); traces from ASP.NET Core, HttpClient, Npgsql and Scholar's own spans.
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, traces, metrics and logs also go out over OTLP (the
/// standard <c>OTEL_*</c> variables choose protocol, headers and intervals). Sentry, when
/// <c>SENTRY_DSN</c> is set, sees only scrubbed events.
/// </summary>
public static class ScholarTelemetry
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static OpenTelemetryBuilder AddScholarTelemetry(
        this IServiceCollection services, IConfiguration configuration, string serviceName, Action<MeterProviderBuilder>? moreMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var exporting = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceVersion: InstanceIdentity.Version))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Npgsql")
                    .AddMeter(ScholarMeters.Name);
                moreMetrics?.Invoke(m);
            })
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddSource("Npgsql")
                    .AddSource(ScholarTracing.SourceName);
                if (!exporting)
                {
                    t.SetSampler(new ParentBasedSampler(new AlwaysOffSampler()));
                }
            });
        if (exporting)
        {
            telemetry.UseOtlpExporter();
        }

        // Applies to the Sentry each host sets up with UseScholarSentry.
        services.AddOptions<SentryAspNetCoreOptions>().Configure<SecretScrubber>(SentryScrubbing.Apply);
        return telemetry;
    }

    /// <summary>Sentry for this host when <c>SENTRY_DSN</c> is set: no PII, no request bodies, scrubbed (see <see cref="SentryScrubbing"/>).</summary>
    public static IWebHostBuilder UseScholarSentry(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dsn = configuration["SENTRY_DSN"];
        return string.IsNullOrWhiteSpace(dsn)
            ? webHost
            : webHost.UseSentry(o =>
            {
                o.Dsn = dsn;
                o.SendDefaultPii = false;
                o.MaxRequestBodySize = Sentry.Extensibility.RequestSize.None;
            });
    }
}
