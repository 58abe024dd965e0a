using Scholar.Application.Common;
using Scholar.Application.Ops.SecretsCheck;

namespace Scholar.Web.Cli;

/// <summary><c>secrets-check [app]</c>: the same use case as <c>GET /api/ops/secrets-check</c>, as text.</summary>
public static class SecretsCheckVerb
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var app = args.FirstOrDefault(a => !a.StartsWith('-'));
        IReadOnlyList<AppSecretsCheck> result;
        try
        {
            result = await services.GetRequiredService<SecretsCheckHandler>().HandleAsync(new SecretsCheckQuery(app), CancellationToken.None);
        }
        catch (AppException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        foreach (var check in result)
        {
            await output.WriteLineAsync($"Secrets Check: {check.App} (reported by {check.ReportedBy})");
            foreach (var s in check.Settings)
            {
                await output.WriteLineAsync($"  {s.Name,-28} {s.Category,-9} {SecretsCheckHandler.Describe(s)}");
            }
        }

        return result.SelectMany(c => c.Settings).Any(s => s.Category == "required" && !s.Present) ? 1 : 0;
    }
}
