using Scholar.Infrastructure.Persistence;

namespace Scholar.Web.Cli;

/// <summary>
/// Command-line verbs share the host's configuration and services:
/// <c>dotnet run --project src/Web -- migrate</c>.
/// </summary>
public static class CliVerbs
{
    private static readonly string[] Verbs = ["migrate", "secrets-check"];

    /// <summary>The verb, if the first argument is one; the rest go to the host builder.</summary>
    public static (string? Verb, string[] HostArgs) Split(string[] args) =>
        args.Length > 0 && Verbs.Contains(args[0]) ? (args[0], args[1..]) : (null, args);

    public static async Task<int> RunAsync(string verb, WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        switch (verb)
        {
            case "migrate":
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                Console.WriteLine("Migrations applied and seed data in place.");
                return 0;
            case "secrets-check":
                return await SecretsCheckVerb.RunAsync(scope.ServiceProvider, Environment.GetCommandLineArgs().SkipWhile(a => a != verb).Skip(1).ToArray(), Console.Out);
            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'. Known verbs: {string.Join(", ", Verbs)}.");
                return 2;
        }
    }
}
