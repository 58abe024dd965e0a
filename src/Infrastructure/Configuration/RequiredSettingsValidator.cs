using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scholar.Application.Hosting;

namespace Scholar.Infrastructure.Configuration;

/// <summary>
/// Checks the settings' shape wherever they are read, and — for the <see cref="Startup"/> instance,
/// validated when a host starts serving — that in Production every required name of every hosted app
/// is set. Failures name the variables and the app, never a value. CLI verbs such as <c>migrate</c>
/// do not start the host, so they need only what they use. Outside Production the development
/// defaults stand in and the Secrets Check reports them.
/// </summary>
public sealed class RequiredSettingsValidator(IConfiguration configuration, IHostEnvironment environment)
    : IValidateOptions<ScholarSettings>
{
    /// <summary>The options name validated at host start.</summary>
    public const string Startup = "startup";

    public ValidateOptionsResult Validate(string? name, ScholarSettings options)
    {
        HostedApps apps;
        try
        {
            apps = HostedApps.Parse(options.ScholarApps);
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }

        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.DatabaseUrl) && !DatabaseUrl.TryParse(options.DatabaseUrl, out _))
        {
            failures.Add("DATABASE_URL is neither a postgres:// URL nor an Npgsql keyword connection string.");
        }

        if (name == Startup && environment.IsProduction())
        {
            var missing = apps.Names
                .SelectMany(app => SettingsCatalog.For(app)
                    .Where(s => s.Category == SettingCategory.Required)
                    .Where(s => DevelopmentDefaults.SourceOf(configuration, s.Name) != SettingSource.Environment)
                    .Select(s => (s.Name, App: app)))
                .GroupBy(x => x.Name)
                .Select(g => $"{g.Key} (needed by {string.Join(", ", g.Select(x => x.App))})");
            failures.AddRange(missing.Select(m => $"Missing required setting {m}."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
