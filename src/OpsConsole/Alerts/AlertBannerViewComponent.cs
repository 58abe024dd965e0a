using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Scholar.Application.Ops.Alerts;

namespace Scholar.OpsConsole.Alerts;

/// <summary>The open alerts, on top of every console page an operator sees; nothing when the database cannot say.</summary>
public sealed class AlertBannerViewComponent(ListAlertsHandler alerts, ILogger<AlertBannerViewComponent> logger) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        try
        {
            return View(await alerts.OpenAsync(HttpContext.RequestAborted));
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The page itself reports the outage; the banner must not turn it into an error page.
            logger.LogWarning(e, "Open alerts could not be read for the banner");
            return Content("");
        }
    }
}
