using Scholar.Application.Common;
using Scholar.Application.Ops.GetStatusReport;

namespace Scholar.Web.Cli;

/// <summary><c>status-report &lt;app&gt; [--window 24h]</c>: the same Markdown as <c>GET /api/ops/status-report/{app}</c>.</summary>
public static class StatusReportVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var app = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (app is null)
        {
            await Console.Error.WriteLineAsync("Usage: status-report <app> [--window 15m|1h|24h|run]");
            return 2;
        }

        var i = Array.IndexOf(args, "--window");
        var window = i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        try
        {
            await output.WriteAsync(await services.GetRequiredService<GetStatusReportHandler>()
                .HandleAsync(new GetStatusReportQuery(app, window), CancellationToken.None));
            return 0;
        }
        catch (AppException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
