using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Scholar.OpsConsole.Pages;

public sealed class IndexModel(HealthCheckService health, IWebHostEnvironment environment) : PageModel
{
    public string Environment => environment.EnvironmentName;

    public string DatabaseStatus { get; private set; } = "unknown";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(c => c.Name == "postgres", ct);
        DatabaseStatus = report.Status == HealthStatus.Healthy ? "reachable" : "unreachable";
    }
}
