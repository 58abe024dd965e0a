namespace Scholar.Application.Abstractions;

public sealed record RenderedEmail(string Subject, string HtmlBody, string TextBody);

/// <summary>The notification templates: which exist, which variables each needs, and rendering.</summary>
public interface INotificationTemplates
{
    /// <summary>The template's declared required variables, or null when there is no such template.</summary>
    IReadOnlyList<string>? RequiredVariables(string templateName);

    RenderedEmail Render(string templateName, IReadOnlyDictionary<string, string> data);
}
