using System.Text;
using Markdig;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Hosting;
using Scholar.Application.Ops.GetStatusReport;

namespace Scholar.OpsConsole.Pages.Reports;

/// <summary>The Production Status Report of one app, shown as text and downloadable as <c>.md</c>.</summary>
public sealed class IndexModel(GetStatusReportHandler reports) : PageModel
{
    public static IReadOnlyList<string> Apps => ScholarApps.All;

    [BindProperty(SupportsGet = true)]
    public string App { get; set; } = ScholarApps.All[0];

    public string? Markdown { get; private set; }

    /// <summary>Raw HTML in the report is shown as text, never as markup.</summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public string Html => Markdown is null ? "" : Markdig.Markdown.ToHtml(Markdown, Pipeline);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Markdown = await reports.HandleAsync(new GetStatusReportQuery(App, null), ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        try
        {
            var markdown = await reports.HandleAsync(new GetStatusReportQuery(App, null), ct);
            return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"status-report-{App}.md");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
