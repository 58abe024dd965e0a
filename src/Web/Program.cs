using FastEndpoints;
using Scalar.AspNetCore;
using Scholar.Infrastructure;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Health;
using Scholar.Infrastructure.Ops.Telemetry;
using Scholar.Web.ApiReference;
using Scholar.Web.Cli;
using Scholar.Web.Errors;
using Scholar.Web.Features.Ops.Info;
using Scholar.Web.Modules;
using Scholar.Web.Security;

// A verb (migrate, reconcile-stripe, …) or --help: the command line answers, building the host only to run a verb.
if (ScholarCli.IsCommand(args))
{
    return await ScholarCli.InvokeAsync(args, () => BuildHost([]));
}

var app = BuildHost(args);

app.UseKnownProxies();
app.UseExceptionHandler();
app.UseOpsModule();
app.UseStatusCodePages();
app.UseRequestCharsetGuard();
app.UseHostedAppsOnly();
app.UseCors();
app.UseRequestBodyLimits();
app.UseRateLimiter();
app.UseAuthentication();
app.UseIssuerAvailability();
app.UseAuthorization();
app.MapScholarHealth();
app.MapAuthModule();
app.UseFastEndpoints(c =>
{
    c.Errors.UseProblemDetails(StatusProblemDetails.ConfigureFastEndpoints);
    c.Endpoints.RoutePrefix = null;
});
var openApi = app.MapOpenApi(OpenApiSetup.DocumentRoute);
var scalar = app.MapScalarApiReference();
var info = app.MapInfo();
if (!ApiDocs.ArePublic(app.Environment, app.Configuration))
{
    openApi.RequireAuthorization(AuthPolicies.Operator);
    scalar.RequireAuthorization(AuthPolicies.Operator);
    info.RequireAuthorization(AuthPolicies.Operator);
}

await app.RunAsync();
return 0;

// The host with every module, from host arguments (--urls …) and the environment.
static WebApplication BuildHost(string[] hostArgs)
{
    var builder = WebApplication.CreateBuilder(hostArgs);
    builder.AddScholarConfiguration();

    builder.WebHost.UseScholarSentry(builder.Configuration);

    builder.Services.AddInfrastructure(builder.Configuration);
    builder.Services.AddProblemDetails(StatusProblemDetails.Configure);
    builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
    builder.Services.AddScholarCors(builder.Configuration);
    builder.Services.AddAuthentication();
    builder.Services.AddAuthorization(AuthPolicies.Configure);
    builder.Services.AddFastEndpoints();
    builder.Services.AddScholarOpenApi();

    builder
        .AddAuthModule()
        .AddCreditsModule()
        .AddPaymentsModule()
        .AddNotificationsModule()
        .AddOpsModule();

    return builder.Build();
}

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
