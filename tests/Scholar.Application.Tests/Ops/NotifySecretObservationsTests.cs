using Scholar.Application.Hosting;
using Scholar.Application.Ops;
using Scholar.Application.Ops.GetGates;
using Scholar.Domain.Ops;

namespace Scholar.Application.Tests.Ops;

public sealed class NotifySecretObservationsTests
{
    private const string ServerSecret = "server-side-secret-for-fingerprints";

    private static AppInstance Instance(string app, SecretState state, string? secret) => new()
    {
        InstanceId = Guid.NewGuid().ToString("N"),
        Version = "1",
        Apps = [app],
        NotifySecretState = state,
        NotifySecretFingerprint = secret is null ? null : SecretFingerprint.Of(secret, ServerSecret),
    };

    [Fact]
    public void Separate_processes_with_the_same_secret_report_one_fingerprint()
    {
        AppInstance[] live =
        [
            Instance(ScholarApps.ProviderRegister, SecretState.Present, "shared-secret-1234"),
            Instance(ScholarApps.AutoComCenter, SecretState.Present, "shared-secret-1234"),
        ];

        var provider = NotifySecretObservations.For(ScholarApps.ProviderRegister, live);
        var notifier = NotifySecretObservations.For(ScholarApps.AutoComCenter, live);

        Assert.True(provider.Reported);
        Assert.Equal(provider.Fingerprints, notifier.Fingerprints);
    }

    [Fact]
    public void A_default_value_contributes_its_state_but_no_fingerprint()
    {
        var observation = NotifySecretObservations.For(ScholarApps.AutoComCenter,
            [Instance(ScholarApps.AutoComCenter, SecretState.Default, "dev-default-secret")]);

        Assert.Equal([SecretState.Default], observation.States);
        Assert.Empty(observation.Fingerprints);
    }

    [Fact]
    public void An_app_no_instance_hosts_is_not_reported() =>
        Assert.False(NotifySecretObservations.For(ScholarApps.ProviderRegister, [Instance(ScholarApps.Auth, SecretState.Present, "x")]).Reported);

    [Fact]
    public void Fingerprints_are_stable_short_and_differ_between_secrets()
    {
        Assert.Equal(SecretFingerprint.Of("a-secret-value", ServerSecret), SecretFingerprint.Of("a-secret-value", ServerSecret));
        Assert.NotEqual(SecretFingerprint.Of("a-secret-value", ServerSecret), SecretFingerprint.Of("a-secret-valuf", ServerSecret));
        Assert.Matches("^[0-9a-f]{16}$", SecretFingerprint.Of("a-secret-value", ServerSecret));
    }

    [Fact]
    public void Fingerprints_depend_on_the_server_secret_so_a_page_reader_cannot_test_guesses()
    {
        Assert.NotEqual(SecretFingerprint.Of("a-secret-value", ServerSecret), SecretFingerprint.Of("a-secret-value", "another-server-secret"));
    }
}
