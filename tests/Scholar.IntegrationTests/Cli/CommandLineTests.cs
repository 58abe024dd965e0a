using Scholar.Web.Cli;

namespace Scholar.IntegrationTests.Cli;

/// <summary>The command line answers help and mistakes without building a host (no database, no settings).</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("reconcile-stripe", "--help")]
    [InlineData("status-report", "-h")]
    public async Task Help_starts_no_host(params string[] args)
    {
        var (exit, output, _, built) = await InvokeAsync(args);

        Assert.Equal(0, exit);
        Assert.False(built);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(args.Length > 1 ? args[0] : "migrate", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "migrate", "migrat")]
    [InlineData(true, "--since", "reconcile-stripe", "--sinse", "3h")]
    [InlineData(false, "Required argument 'app' missing", "status-report")]
    public async Task A_mistake_exits_2_saying_what_was_meant_and_starts_no_host(bool typo, string expected, params string[] args)
    {
        var (exit, output, error, built) = await InvokeAsync(args);

        Assert.Equal(2, exit);
        Assert.False(built);
        Assert.Contains(expected, output + error, StringComparison.Ordinal);
        Assert.Equal(typo, (output + error).Contains("Did you mean", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "migrate")]
    [InlineData(true, "--help")]
    [InlineData(true, "migrat")]
    [InlineData(false)]
    [InlineData(false, "--urls", "http://127.0.0.1:5080")]
    [InlineData(false, "DATABASE_URL=postgres://x")]
    public void Verbs_and_help_are_commands_host_settings_are_not(bool command, params string[] args) =>
        Assert.Equal(command, ScholarCli.IsCommand(args));

    private static async Task<(int Exit, string Output, string Error, bool Built)> InvokeAsync(string[] args)
    {
        var built = false;
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exit = await ScholarCli.InvokeAsync(args, () =>
        {
            built = true;
            throw new InvalidOperationException("No host may be built for help or a mistake.");
        }, output, error);
        return (exit, output.ToString(), error.ToString(), built);
    }
}
