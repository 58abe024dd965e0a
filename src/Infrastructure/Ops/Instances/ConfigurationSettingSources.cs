using Microsoft.Extensions.Configuration;
using Scholar.Application.Ops;
using Scholar.Infrastructure.Auth.KeyRing;
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
        configuration[name] is { Length: > 0 } value && configuration[SessionSecretKeyRing.SecretName] is { Length: > 0 } serverSecret
            ? SecretFingerprint.Of(value, serverSecret)
            : null;

    public int LengthOf(string name) => configuration[name]?.Length ?? 0;

    public StripeKeyKind StripeKeyKindOf(string name) => StripeKeys.KindOf(configuration[name]);
}
