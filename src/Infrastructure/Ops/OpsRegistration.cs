using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Configuration;
using Scholar.Application.Ops;
using Scholar.Application.Ops.Funnel;
using Scholar.Application.Ops.GetEvidence;
using Scholar.Application.Ops.GetDataMode;
using Scholar.Application.Ops.GetGates;
using Scholar.Application.Ops.GetKpis;
using Scholar.Application.Ops.GetKpiTrend;
using Scholar.Application.Ops.GetRunChecklist;
using Scholar.Application.Ops.GetStatusReport;
using Scholar.Application.Ops.ListAuditLog;
using Scholar.Application.Ops.LookupUser;
using Scholar.Application.Ops.Reconcile;
using Scholar.Application.Ops.ListValidationRuns;
using Scholar.Application.Ops.SecretsCheck;
using Scholar.Application.Ops.StartValidationRun;
using Scholar.Application.Ops.StopValidationRun;
using Scholar.Infrastructure.Ops.Alerts;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Infrastructure.Ops.Latency;
using Scholar.Infrastructure.Ops.Telemetry;

namespace Scholar.Infrastructure.Ops;

/// <summary>Adapters and services of the Ops module.</summary>
public static class OpsRegistration
{
    public static IServiceCollection AddOpsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<ISettingSources, ConfigurationSettingSources>();
        services.AddSingleton<SecretScrubber>();
        RedactingLoggerFactory.AddTo(services);

        services.AddSingleton<LatencyRecorder>();
        services.AddSingleton<IRequestDurationObserver>(sp => sp.GetRequiredService<LatencyRecorder>());
        services.AddSingleton<LatencyFlusher>();
        services.AddScoped<IRequestLatencyReader, RequestLatencyReader>();
        services.AddSingleton<LatencyRetention>();

        services.AddSingleton<InstanceHeartbeat>();

        services.AddScoped<IReadinessReport, HealthCheckReadinessReport>();
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<SecretsCheckHandler>();
        services.AddScoped<StartValidationRunHandler>();
        services.AddScoped<StopValidationRunHandler>();
        services.AddScoped<ListValidationRunsHandler>();
        services.AddScoped<GetRunChecklistHandler>();
        services.AddScoped<GetKpisHandler>();
        services.AddScoped<DeliveryKpiQuery>();
        services.AddScoped<GetGatesHandler>();
        services.AddScoped<GetDataModeHandler>();
        services.AddScoped<FunnelHandler>();
        services.AddScoped<FunnelReviewHandler>();
        services.AddScoped<GetStatusReportHandler>();
        services.AddScoped<GetEvidenceHandler>();
        services.AddScoped<GetKpiTrendHandler>();
        services.AddScoped<ListAuditLogHandler>();
        services.AddScoped<ReconcileHandler>();
        services.AddScoped<LookupUserHandler>();

        services.AddSingleton<LedgerProbe>();
        services.AddOpsAlerts(configuration);
        return services;
    }

    /// <summary>
    /// Every process keeps its heartbeat and latency; the ledger probe runs with the ledger
    /// (scholarship_api); alerts are evaluated with the ops API (scholar_auth).
    /// </summary>
    public static IServiceCollection AddOpsWorkers(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddWorkerOf<LatencyFlusher>(configuration, AppWorkers.EveryApp)
            .AddWorkerOf<LatencyRetention>(configuration, AppWorkers.EveryApp)
            .AddWorkerOf<InstanceHeartbeat>(configuration, AppWorkers.EveryApp)
            .AddWorkerOf<LedgerProbe>(configuration, ScholarApps.ScholarshipApi)
            .AddWorkerOf<AlertEvaluationLoop>(configuration, ScholarApps.Auth);
}
