using Sentry.AspNetCore;

namespace Scholar.Infrastructure.Ops.Telemetry;

/// <summary>
/// What reaches Sentry: no default PII, no sensitive headers, cookies or bodies, and every string
/// passed through <see cref="SecretScrubber"/> (configured secret values, e-mails, tokens, keys).
/// </summary>
public static class SentryScrubbing
{
    public static void Apply(SentryAspNetCoreOptions options, SecretScrubber scrubber)
    {
        options.SendDefaultPii = false;
        options.SetBeforeSend(e => Scrub(e, scrubber));
        options.SetBeforeBreadcrumb(b => new Breadcrumb(
            scrubber.Scrub(b.Message) ?? "",
            b.Type ?? "default",
            b.Data?.ToDictionary(kv => kv.Key, kv => scrubber.Scrub(kv.Value) ?? ""),
            b.Category,
            b.Level));
    }

    public static SentryEvent Scrub(SentryEvent e, SecretScrubber scrubber)
    {
        if (e.Message is { } message)
        {
            e.Message = new SentryMessage { Message = scrubber.Scrub(message.Message), Formatted = scrubber.Scrub(message.Formatted) };
        }

        foreach (var exception in e.SentryExceptions ?? [])
        {
            exception.Value = scrubber.Scrub(exception.Value);
        }

        e.User = new SentryUser();
        e.ServerName = null;
        var request = e.Request;
        request.Cookies = null;
        request.Data = null;
        request.QueryString = scrubber.Scrub(request.QueryString);
        request.Url = scrubber.Scrub(request.Url);
        foreach (var header in request.Headers.Keys.ToList())
        {
            if (SecretScrubber.SensitiveHeaders.Contains(header))
            {
                request.Headers.Remove(header);
            }
            else
            {
                request.Headers[header] = scrubber.Scrub(request.Headers[header]) ?? "";
            }
        }

        foreach (var (key, value) in e.Extra.ToList())
        {
            e.SetExtra(key, value is string text ? scrubber.Scrub(text) : value);
        }

        foreach (var (key, value) in e.Tags.ToList())
        {
            e.SetTag(key, scrubber.Scrub(value) ?? "");
        }

        return e;
    }
}
