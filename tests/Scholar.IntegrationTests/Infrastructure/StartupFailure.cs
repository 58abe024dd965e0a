using Microsoft.Extensions.Options;

namespace Scholar.IntegrationTests.Infrastructure;

public static class StartupFailure
{
    /// <summary>
    /// Starts a host that must refuse to start and returns every validation message it gave: one
    /// failing settings group throws <see cref="OptionsValidationException"/>, several an aggregate of them.
    /// </summary>
    public static string MessagesOf(Action start)
    {
        var error = Record.Exception(start);
        var failures = error switch
        {
            OptionsValidationException single => [single],
            AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) => many.InnerExceptions,
            _ => throw new Xunit.Sdk.XunitException($"Expected the host to refuse to start on invalid settings, got {error?.GetType().Name ?? "no exception"}."),
        };
        return string.Join(" ", failures.Select(e => e.Message));
    }
}
