using Scholar.Domain.Ops;

namespace Scholar.Domain.Tests.Ops;

public sealed class GoNoGoVerdictTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static NotifySecretObservation Set(string fingerprint) =>
        new(true, new HashSet<SecretState> { SecretState.Present }, new HashSet<string> { fingerprint });

    /// <summary>Every gate passing; each test changes one input only.</summary>
    private static GateInputs AllPass() => new(
        ProviderRegister: Set("a1b2c3d4e5f60708"),
        AutoComCenter: Set("a1b2c3d4e5f60708"),
        StripeKeys: new StripeKeysObservation(StripeKeyKind.SecretLive, StripeKeyKind.PublishableLive, Now.AddHours(-1), true, true),
        LedgerProbe: new LedgerProbeObservation(Now.AddMinutes(-1), null, null),
        Checkout: new CheckoutObservation(Now.AddMinutes(-20), Now.AddMinutes(-30), "the current validation run"),
        Now: Now);

    private static Gate GateOf(GateReport report, int id) => Assert.Single(report.Gates, g => g.Id == id);

    [Fact]
    public void A_webhook_version_mismatch_warns_on_gate_2_without_failing_it()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with
        {
            StripeKeys = inputs.StripeKeys with { VersionMismatch = new WebhookVersionMismatch("2026-10-28.endive", ["2020-08-27"]) },
        });

        Assert.Equal(Verdict.Go, report.Verdict);
        Assert.Equal(GateStatus.Pass, GateOf(report, 2).Status);
        Assert.Contains("Warning: Stripe webhooks arrived in API version 2020-08-27, not the pinned 2026-10-28.endive", GateOf(report, 2).Evidence);
    }

    [Fact]
    public void All_gates_passing_is_GO()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass());

        Assert.Equal(Verdict.Go, report.Verdict);
        Assert.Equal([1, 2, 3, 4], report.Gates.Select(g => g.Id));
        Assert.All(report.Gates, g => Assert.Equal(GateStatus.Pass, g.Status));
        Assert.Equal([false, true, true, false], report.Gates.Select(g => g.Blocking));
        Assert.All(report.Gates, g => Assert.False(string.IsNullOrWhiteSpace(g.Remediation)));
    }

    [Fact]
    public void Gate1_fails_on_a_secret_mismatch_and_the_verdict_is_HOLD()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass() with { AutoComCenter = Set("ffffffffffffffff") });

        Assert.Equal(GateStatus.Fail, GateOf(report, 1).Status);
        Assert.Contains("different fingerprints", GateOf(report, 1).Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.Hold, report.Verdict);
    }

    [Fact]
    public void Gate1_fails_when_one_app_runs_on_the_development_default()
    {
        var onDefault = new NotifySecretObservation(true, new HashSet<SecretState> { SecretState.Default }, new HashSet<string> { "a1b2c3d4e5f60708" });

        var report = GoNoGoVerdict.Evaluate(AllPass() with { ProviderRegister = onDefault });

        Assert.Equal(GateStatus.Fail, GateOf(report, 1).Status);
        Assert.Contains("development default", GateOf(report, 1).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate1_is_unknown_when_an_app_has_no_live_instance()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass() with { AutoComCenter = NotifySecretObservation.NotReported });

        Assert.Equal(GateStatus.Unknown, GateOf(report, 1).Status);
        Assert.Equal(Verdict.Hold, report.Verdict);
    }

    [Theory]
    [InlineData(StripeKeyKind.SecretTest, StripeKeyKind.PublishableLive)]
    [InlineData(StripeKeyKind.SecretLive, StripeKeyKind.PublishableTest)]
    [InlineData(StripeKeyKind.Missing, StripeKeyKind.PublishableLive)]
    public void Gate2_fails_in_test_keys_mode_and_the_verdict_is_NO_GO(StripeKeyKind secret, StripeKeyKind publishable)
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with { StripeKeys = inputs.StripeKeys with { SecretKey = secret, PublishableKey = publishable } });

        Assert.Equal(GateStatus.Fail, GateOf(report, 2).Status);
        Assert.Equal(Verdict.NoGo, report.Verdict);
    }

    [Fact]
    public void Gate2_passes_with_a_restricted_live_key()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with { StripeKeys = inputs.StripeKeys with { SecretKey = StripeKeyKind.RestrictedLive } });

        Assert.Equal(GateStatus.Pass, GateOf(report, 2).Status);
    }

    [Fact]
    public void Gate2_fails_when_the_live_check_answered_livemode_false()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with { StripeKeys = inputs.StripeKeys with { LastCheckLivemode = false } });

        Assert.Equal(GateStatus.Fail, GateOf(report, 2).Status);
        Assert.Equal(Verdict.NoGo, report.Verdict);
    }

    [Fact]
    public void Gate2_is_unknown_without_a_recent_key_check_and_the_verdict_is_HOLD()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with { StripeKeys = inputs.StripeKeys with { LastCheckAt = Now.AddDays(-2) } });

        Assert.Equal(GateStatus.Unknown, GateOf(report, 2).Status);
        Assert.Equal(Verdict.Hold, report.Verdict);
    }

    [Fact]
    public void Gate3_fails_when_the_latest_ledger_probe_failed_and_the_verdict_is_NO_GO()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass() with
        {
            LedgerProbe = new LedgerProbeObservation(Now.AddMinutes(-3), Now.AddMinutes(-1), "read back a different balance"),
        });

        Assert.Equal(GateStatus.Fail, GateOf(report, 3).Status);
        Assert.Contains("read back a different balance", GateOf(report, 3).Evidence, StringComparison.Ordinal);
        Assert.Equal(Verdict.NoGo, report.Verdict);
    }

    [Fact]
    public void Gate3_passes_again_once_a_probe_succeeds_after_a_failure()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass() with { LedgerProbe = new LedgerProbeObservation(Now.AddMinutes(-1), Now.AddMinutes(-2), "x") });

        Assert.Equal(GateStatus.Pass, GateOf(report, 3).Status);
    }

    [Fact]
    public void Gate3_is_unknown_when_the_probe_has_not_run_recently()
    {
        var report = GoNoGoVerdict.Evaluate(AllPass() with { LedgerProbe = new LedgerProbeObservation(Now.AddHours(-1), null, null) });

        Assert.Equal(GateStatus.Unknown, GateOf(report, 3).Status);
        Assert.Equal(Verdict.Hold, report.Verdict);
    }

    [Fact]
    public void Gate4_fails_without_a_completed_checkout_in_the_window_and_the_verdict_is_HOLD()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with { Checkout = inputs.Checkout with { LastFulfilledAt = Now.AddHours(-2) } });

        Assert.Equal(GateStatus.Fail, GateOf(report, 4).Status);
        Assert.Equal(Verdict.Hold, report.Verdict);
    }

    [Fact]
    public void A_blocking_failure_outranks_non_blocking_ones()
    {
        var inputs = AllPass();
        var report = GoNoGoVerdict.Evaluate(inputs with
        {
            AutoComCenter = Set("ffffffffffffffff"),
            Checkout = inputs.Checkout with { LastFulfilledAt = null },
            LedgerProbe = new LedgerProbeObservation(null, Now, "timeout"),
        });

        Assert.Equal(Verdict.NoGo, report.Verdict);
    }

    [Theory]
    [InlineData("sk_live_abc", StripeKeyKind.SecretLive)]
    [InlineData("rk_live_abc", StripeKeyKind.RestrictedLive)]
    [InlineData("sk_test_abc", StripeKeyKind.SecretTest)]
    [InlineData("pk_live_abc", StripeKeyKind.PublishableLive)]
    [InlineData("pk_test_abc", StripeKeyKind.PublishableTest)]
    [InlineData("", StripeKeyKind.Missing)]
    [InlineData(null, StripeKeyKind.Missing)]
    [InlineData("sandbox", StripeKeyKind.Unrecognised)]
    public void Stripe_keys_are_classified_by_prefix(string? key, StripeKeyKind kind) => Assert.Equal(kind, StripeKeys.KindOf(key));
}
