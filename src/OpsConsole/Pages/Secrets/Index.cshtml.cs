using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scholar.Application.Common;
using Scholar.Application.Hosting;
using Scholar.Application.Ops.SecretsCheck;

namespace Scholar.OpsConsole.Pages.Secrets;

/// <summary>Names and presence only (the use case never reads a value into its result).</summary>
public sealed class IndexModel(SecretsCheckHandler secrets) : PageModel
{
    public static IReadOnlyList<string> Apps => ScholarApps.All;

    [BindProperty(SupportsGet = true)]
    public string App { get; set; } = ScholarApps.All[0];

    public AppSecretsCheck? Check { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Check = await secrets.HandleAsync(new SecretsCheckQuery(App), ct) is [var check, ..] ? check : null;
        }
        catch (InputException e)
        {
            Problem = e.Message;
            Response.StatusCode = e.Status;
        }
        catch (NotFoundException)
        {
            Problem = $"No live instance reports {App}: start a process that hosts it (SCHOLAR_APPS) and look again.";
        }
    }

    /// <summary>The "Secrets Check" snippet an operator pastes into a ticket or chat.</summary>
    public string Snippet()
    {
        var text = new StringBuilder();
        text.AppendLine($"Secrets Check: {Check!.App} (reported by {Check.ReportedBy})");
        foreach (var s in Check.Settings)
        {
            text.AppendLine($"- {s.Name} [{s.Category}]: {SecretsCheckHandler.Describe(s)}");
        }

        return text.ToString();
    }
}
