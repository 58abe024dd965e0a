using Microsoft.Extensions.Configuration;
using Scholar.Application.Ops;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Configuration;

namespace Scholar.Infrastructure.Ops.Instances;

/// <summary>Answers from the host's configuration, asking which provider supplied each name.</summary>
public sealed class ConfigurationSettingSources(IConfiguration configuration) : ISettingSources
{
    public SecretState StateOf(string name) => DevelopmentDefaults.SourceOf(configuration, name) switch
    {
        SettingSource.Environment => SecretState.Present,
        SettingSource.Default => SecretState.Default,
        _ => SecretState.Missing,
    };

    public string? FingerprintOf(string name) =>
        configuration[name] is { Length: > 0 } value ? SecretFingerprint.Of(value) : null;

    public StripeKeyKind StripeKeyKindOf(string name) => StripeKeys.KindOf(configuration[name]);
}
