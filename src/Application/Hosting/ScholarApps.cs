namespace Scholar.Application.Hosting;

/// <summary>
/// The five apps of the platform as the business names them. They are modules of one codebase;
/// <c>SCHOLAR_APPS</c> chooses which of them a process hosts.
/// </summary>
public static class ScholarApps
{
    public const string Auth = "scholar_auth";
    public const string StudentPilot = "student_pilot";
    public const string ProviderRegister = "provider_register";
    public const string ScholarshipApi = "scholarship_api";
    public const string AutoComCenter = "auto_com_center";

    public static IReadOnlyList<string> All { get; } =
        [Auth, StudentPilot, ProviderRegister, ScholarshipApi, AutoComCenter];
}

/// <summary>The apps this process hosts, parsed from <c>SCHOLAR_APPS</c> (default: all five).</summary>
public sealed class HostedApps
{
    private readonly HashSet<string> _names;

    private HostedApps(IEnumerable<string> names) => _names = new HashSet<string>(names, StringComparer.Ordinal);

    public static HostedApps All { get; } = new(ScholarApps.All);

    /// <summary>A process that serves no app (the ops console): it quotes the apps' own instances.</summary>
    public static HostedApps None { get; } = new([]);

    public IReadOnlyList<string> Names => ScholarApps.All.Where(_names.Contains).ToList();

    public bool Hosts(string app) => _names.Contains(app);

    /// <summary>
    /// Whether <c>SCHOLAR_APPS</c> names the app, read while services are registered (before start-up
    /// validation): an invalid value counts as naming it, and validation then stops start-up saying why.
    /// </summary>
    public static bool IsNamedIn(string? value, string app)
    {
        try
        {
            return Parse(value).Hosts(app);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>Parses a comma list; unknown names are refused so a typo cannot silently disable an app.</summary>
    public static HostedApps Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return All;
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !ScholarApps.All.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException(
                $"SCHOLAR_APPS names unknown app(s): {string.Join(", ", unknown)}. Known apps: {string.Join(", ", ScholarApps.All)}.");
        }

        return names.Length == 0 ? All : new HostedApps(names);
    }
}
