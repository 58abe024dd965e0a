using System.Collections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// Wraps the host's logger factory so that every logger it hands out passes message, structured
/// state, scopes and exception text through <see cref="SecretScrubber.ScrubSecrets"/> before any
/// provider (console, JSON, Sentry, a test's capture) sees them. Wrapping the factory rather than
/// each provider keeps provider filters, aliases and the activity scope (trace ids) untouched, and
/// covers providers registered after this call.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretScrubber scrubber) : ILoggerFactory
{
    public static IServiceCollection AddTo(IServiceCollection services)
    {
        services.TryAddSingleton<LoggerFactory>();
        return services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
            new RedactingLoggerFactory(sp.GetRequiredService<LoggerFactory>(), sp.GetRequiredService<SecretScrubber>())));
    }

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), scrubber);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The container owns and disposes the inner factory.
    public void Dispose()
    {
    }

    private sealed class RedactingLogger(ILogger inner, SecretScrubber scrubber) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(RedactedState.Of(state, state.ToString, scrubber));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var redacted = RedactedState.Of(state, () => formatter(state, exception), scrubber);
            inner.Log(logLevel, eventId, redacted, RedactedException.Of(exception, scrubber), static (s, _) => s.ToString() ?? "");
        }
    }
}

/// <summary>
/// A log or scope state seen through the scrubber: its message and each string-like value are
/// scrubbed on first use (a scope that no provider prints costs nothing).
/// </summary>
internal sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly IReadOnlyList<KeyValuePair<string, object?>> _source;
    private readonly Lazy<string> _message;
    private readonly Lazy<KeyValuePair<string, object?>[]> _pairs;

    private RedactedState(IReadOnlyList<KeyValuePair<string, object?>> source, Func<string?> message, SecretScrubber scrubber)
    {
        _source = source;
        _message = new(() => scrubber.ScrubSecrets(message() ?? ""));
        _pairs = new(() => source.Select(p => new KeyValuePair<string, object?>(p.Key, Redact(p.Value, scrubber))).ToArray());
    }

    public int Count => _source.Count;

    public KeyValuePair<string, object?> this[int index] => _pairs.Value[index];

    public static object Of<TState>(TState state, Func<string?> message, SecretScrubber scrubber) => state switch
    {
        IReadOnlyList<KeyValuePair<string, object?>> pairs => new RedactedState(pairs, message, scrubber),
        IEnumerable<KeyValuePair<string, object?>> pairs => new RedactedState(pairs.ToList(), message, scrubber),
        _ => new RedactedText(new Lazy<string>(() => scrubber.ScrubSecrets(message() ?? ""))),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs.Value).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => _message.Value;

    private static object? Redact(object? value, SecretScrubber scrubber)
    {
        switch (value)
        {
            case null or bool or int or long or short or byte or double or float or decimal or Guid or DateTime or DateTimeOffset or TimeSpan or Enum:
                return value;
            case string text:
                return scrubber.ScrubSecrets(text);
            default:
                var shown = value.ToString() ?? "";
                var scrubbed = scrubber.ScrubSecrets(shown);
                return ReferenceEquals(shown, scrubbed) || shown == scrubbed ? value : scrubbed;
        }
    }

    private sealed class RedactedText(Lazy<string> text)
    {
        public override string ToString() => text.Value;
    }
}

/// <summary>
/// Stands in for an exception whose text holds a secret: same message and <c>ToString()</c> (type,
/// stack, inner exceptions) with the secrets removed. Exceptions with nothing to hide pass as they are.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(string message, string text, string originalType)
        : base(message)
    {
        _text = text;
        OriginalType = originalType;
    }

    public string OriginalType { get; }

    public static Exception? Of(Exception? exception, SecretScrubber scrubber)
    {
        if (exception is null)
        {
            return null;
        }

        var text = exception.ToString();
        var scrubbed = scrubber.ScrubSecrets(text);
        return scrubbed == text
            ? exception
            : new RedactedException(scrubber.ScrubSecrets(exception.Message), scrubbed, exception.GetType().FullName ?? exception.GetType().Name);
    }

    public override string ToString() => _text;
}
