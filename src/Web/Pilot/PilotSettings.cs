namespace Scholar.Web.Pilot;

/// <summary>Settings of the student_pilot pages, by their platform names.</summary>
public sealed class PilotSettings
{
    [ConfigurationKeyName("APP_BASE_URL")]
    public string? AppBaseUrl { get; set; }

    /// <summary>Where scholarship_api answers; this process's own base URL unless the apps are hosted apart.</summary>
    [ConfigurationKeyName("SCHOLARSHIP_API_BASE_URL")]
    public string? ScholarshipApiBaseUrl { get; set; }

    public Uri ScholarshipApiBase =>
        new((ScholarshipApiBaseUrl ?? AppBaseUrl ?? "http://127.0.0.1:5080").TrimEnd('/') + "/", UriKind.Absolute);
}
