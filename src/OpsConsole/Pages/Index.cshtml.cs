using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Ops;
using Scholar.Application.Ops.GetGates;
using Scholar.Application.Ops.GetKpis;
using Scholar.Application.Ops.GetKpiTrend;

namespace Scholar.OpsConsole.Pages;

/// <summary>The verdict, the KPI tiles and their trend: the same use cases as /api/ops/gates and /api/ops/kpis.</summary>
public sealed class IndexModel(GetGatesHandler gates, GetKpisHandler kpis, GetKpiTrendHandler trend) : PageModel
{
    public static IReadOnlyList<string> Windows => KpiWindow.Names;

    [BindProperty(SupportsGet = true)]
    public string Window { get; set; } = "1h";

    /// <summary>The auto-refresh choices offered, in seconds (off by default: a screen on the wall opts in).</summary>
    public static IReadOnlyList<int> RefreshChoices { get; } = [30, 60, 300];

    /// <summary>Seconds between automatic reloads (the HTTP Refresh header, no JavaScript); null or an unoffered value is off.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Refresh { get; set; }

    public GatesResult Gates { get; private set; } = null!;

    public KpiReport? Kpis { get; private set; }

    public KpiTrend? Trend { get; private set; }

    public string? WindowProblem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Refresh is { } seconds && RefreshChoices.Contains(seconds))
        {
            Response.Headers["Refresh"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            Refresh = null;
        }

        Gates = await gates.HandleAsync(ct);
        try
        {
            Kpis = await kpis.HandleAsync(new GetKpisQuery(Window), ct);
            Trend = await trend.HandleAsync(new GetKpiTrendQuery(Window), ct);
        }
        catch (NotFoundException)
        {
            WindowProblem = "No validation run yet: start one on the Validation runs page to see its window.";
        }
        catch (InputException e)
        {
            WindowProblem = e.Message;
            Response.StatusCode = e.Status;
        }
    }

    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %" : "no attempts";

    public static string VerdictClass(string verdict) => verdict switch
    {
        "GO" => "go",
        "NO-GO" => "nogo",
        _ => "hold",
    };
}
