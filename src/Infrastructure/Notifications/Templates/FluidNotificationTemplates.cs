using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Scholar.Application.Abstractions;

namespace Scholar.Infrastructure.Notifications.Templates;

/// <summary>
/// Liquid templates (Fluid) embedded in this assembly: <c>templates.json</c> declares each template's
/// required variables; each template has <c>subject</c>, <c>html</c> and <c>text</c> parts. Data is
/// HTML-encoded in the HTML part only. Everything is parsed once, at start-up, so a broken template
/// fails the host rather than a send.
/// </summary>
public sealed class FluidNotificationTemplates : INotificationTemplates
{
    private const string Prefix = "templates/";

    private static readonly TemplateOptions Options = TemplateOptions.Default;

    private readonly Dictionary<string, Parsed> _templates;

    public FluidNotificationTemplates()
    {
        var assembly = typeof(FluidNotificationTemplates).Assembly;
        var declared = JsonSerializer.Deserialize<Dictionary<string, string[]>>(Read("templates.json"))
            ?? throw new InvalidOperationException("templates.json is empty.");
        var parser = new FluidParser();
        _templates = declared.ToDictionary(
            kv => kv.Key,
            kv => new Parsed(kv.Value, Parse(kv.Key, "subject"), Parse(kv.Key, "html"), Parse(kv.Key, "text")),
            StringComparer.Ordinal);

        IFluidTemplate Parse(string template, string part)
        {
            var source = Read($"{template}/{part}.liquid");
            return parser.TryParse(source, out var parsed, out var error)
                ? parsed
                : throw new InvalidOperationException($"Template {template}/{part} does not parse: {error}");
        }

        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException($"Embedded template file {name} is missing.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public IReadOnlyList<string>? RequiredVariables(string templateName) =>
        _templates.TryGetValue(templateName, out var parsed) ? parsed.Required : null;

    public RenderedEmail Render(string templateName, IReadOnlyDictionary<string, string> data)
    {
        var parsed = _templates.TryGetValue(templateName, out var t) ? t : throw new ArgumentException($"Unknown template '{templateName}'.", nameof(templateName));
        var context = new TemplateContext(Options);
        foreach (var (name, value) in data)
        {
            context.SetValue(name, value);
        }

        // Subject and text are plain text: encoding them would show "&amp;" to the reader.
        return new RenderedEmail(
            parsed.Subject.Render(context, NullEncoder.Default).Trim(),
            parsed.Html.Render(context, HtmlEncoder.Default),
            parsed.Text.Render(context, NullEncoder.Default));
    }

    private sealed record Parsed(string[] Required, IFluidTemplate Subject, IFluidTemplate Html, IFluidTemplate Text);
}
