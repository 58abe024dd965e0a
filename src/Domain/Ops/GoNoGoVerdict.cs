namespace Scholar.Domain.Ops;

public enum GateStatus
{
    Pass,
    Fail,
    Unknown,
}

public enum Verdict
{
    Go,
    Hold,
    NoGo,
}

/// <summary>One go/no-go gate as the console shows it (DESIGN.md 8.2).</summary>
public sealed record Gate(int Id, string Title, GateStatus Status, bool Blocking, string Evidence, string Remediation);

public sealed record GateReport(Verdict Verdict, IReadOnlyList<Gate> Gates);

/// <summary>Where a setting's value comes from, as an instance reports it (never the value).</summary>
public enum SecretState
{
    Present,
    Default,
    Missing,
}

/// <summary>What the live instances of one app report about <c>NOTIFY_WEBHOOK_SECRET</c>.</summary>
/// <param name="Reported">False when no live instance hosts the app.</param>
/// <param name="States">The distinct states reported by the app's live instances.</param>
/// <param name="Fingerprints">The distinct keyed fingerprints reported (present values only).</param>
public sealed record NotifySecretObservation(bool Reported, IReadOnlySet<SecretState> States, IReadOnlySet<string> Fingerprints)
{
    public static NotifySecretObservation NotReported { get; } = new(false, new HashSet<SecretState>(), new HashSet<string>());
}

/// <summary>
/// Kinds of the configured Stripe keys (prefixes only), the latest key check against Stripe, and the
/// API versions of recent webhooks that differ from the pinned one (a warning, never a failure).
/// </summary>
public sealed record StripeKeysObservation(
    StripeKeyKind SecretKey,
    StripeKeyKind PublishableKey,
    DateTimeOffset? LastCheckAt,
    bool LastCheckSucceeded,
    bool LastCheckLivemode,
    WebhookVersionMismatch? VersionMismatch = null);

/// <summary>Webhooks arrived rendered in <see cref="Seen"/>, not in the <see cref="Pinned"/> version Scholar's Stripe library speaks.</summary>
public sealed record WebhookVersionMismatch(string Pinned, IReadOnlyList<string> Seen)
{
    public string Warning =>
        $"Warning: Stripe webhooks arrived in API version {string.Join(", ", Seen)}, not the pinned {Pinned}. They are read tolerantly and "
        + $"processed, but set the webhook endpoint's API version to {Pinned} (Stripe Dashboard → Webhooks) so every field means what Scholar expects.";
}

/// <summary>The latest runs of the synthetic ledger probe (write, read back, reverse).</summary>
public sealed record LedgerProbeObservation(DateTimeOffset? LastSuccessAt, DateTimeOffset? LastFailureAt, string? LastError);

/// <summary>The latest payment that reached <c>fulfilled</c>, and the window it must fall in.</summary>
public sealed record CheckoutObservation(DateTimeOffset? LastFulfilledAt, DateTimeOffset WindowStart, string WindowLabel);

public sealed record GateInputs(
    NotifySecretObservation ProviderRegister,
    NotifySecretObservation AutoComCenter,
    StripeKeysObservation StripeKeys,
    LedgerProbeObservation LedgerProbe,
    CheckoutObservation Checkout,
    DateTimeOffset Now);

/// <summary>
/// The four gates of DESIGN.md 8.2 and the verdict: GO when all pass, NO-GO when a blocking gate
/// fails, HOLD otherwise. Pure: every input is passed in, so each gate flips by its input alone.
/// </summary>
public static class GoNoGoVerdict
{
    /// <summary>A live key check older than this no longer proves the key works.</summary>
    public static readonly TimeSpan StripeCheckFreshness = TimeSpan.FromHours(24);

    /// <summary>The ledger probe runs every minute or so; older evidence is stale.</summary>
    public static readonly TimeSpan LedgerProbeFreshness = TimeSpan.FromMinutes(10);

    public static GateReport Evaluate(GateInputs inputs)
    {
        Gate[] gates =
        [
            NotifySecretGate(inputs.ProviderRegister, inputs.AutoComCenter),
            StripeLiveKeysGate(inputs.StripeKeys, inputs.Now),
            LedgerGate(inputs.LedgerProbe, inputs.Now),
            CheckoutGate(inputs.Checkout),
        ];
        return new GateReport(Decide(gates), gates);
    }

    public static Verdict Decide(IReadOnlyCollection<Gate> gates)
    {
        if (gates.All(g => g.Status == GateStatus.Pass))
        {
            return Verdict.Go;
        }

        return gates.Any(g => g.Blocking && g.Status == GateStatus.Fail) ? Verdict.NoGo : Verdict.Hold;
    }

    private static Gate NotifySecretGate(NotifySecretObservation providerRegister, NotifySecretObservation autoComCenter)
    {
        const string title = "NOTIFY_WEBHOOK_SECRET set in provider_register and auto_com_center, and the same";
        const string remediation =
            "Set the same NOTIFY_WEBHOOK_SECRET in the environment of provider_register and auto_com_center, then restart both.";

        if (!providerRegister.Reported || !autoComCenter.Reported)
        {
            var silent = !providerRegister.Reported ? "provider_register" : "auto_com_center";
            return new Gate(1, title, GateStatus.Unknown, false, $"No live instance of {silent} has reported.", remediation);
        }

        var notSet = new List<string>();
        if (!IsSet(providerRegister))
        {
            notSet.Add($"provider_register: {Describe(providerRegister.States)}");
        }

        if (!IsSet(autoComCenter))
        {
            notSet.Add($"auto_com_center: {Describe(autoComCenter.States)}");
        }

        if (notSet.Count > 0)
        {
            return new Gate(1, title, GateStatus.Fail, false, $"Not set from the environment ({string.Join("; ", notSet)}).", remediation);
        }

        var fingerprints = providerRegister.Fingerprints.Union(autoComCenter.Fingerprints).ToList();
        return fingerprints.Count == 1
            ? new Gate(1, title, GateStatus.Pass, false, $"Both apps report fingerprint {fingerprints[0]}.", remediation)
            : new Gate(1, title, GateStatus.Fail, false,
                $"The apps report different fingerprints (provider_register: {string.Join(", ", providerRegister.Fingerprints.Order())}; " +
                $"auto_com_center: {string.Join(", ", autoComCenter.Fingerprints.Order())}).",
                remediation);
    }

    private static bool IsSet(NotifySecretObservation o) =>
        o.States.Count == 1 && o.States.Contains(SecretState.Present) && o.Fingerprints.Count > 0;

    private static string Describe(IReadOnlySet<SecretState> states) =>
        string.Join("/", states.Order().Select(s => s switch
        {
            SecretState.Present => "present",
            SecretState.Default => "development default",
            _ => "missing",
        }));

    private static Gate StripeLiveKeysGate(StripeKeysObservation keys, DateTimeOffset now)
    {
        var gate = StripeLiveKeysGateWithoutVersions(keys, now);
        return keys.VersionMismatch is { } mismatch ? gate with { Evidence = $"{gate.Evidence} {mismatch.Warning}" } : gate;
    }

    private static Gate StripeLiveKeysGateWithoutVersions(StripeKeysObservation keys, DateTimeOffset now)
    {
        const string title = "Stripe live keys verified";
        const string remediation =
            "Set STRIPE_SECRET_KEY to an sk_live_/rk_live_ key and STRIPE_PUBLIC_KEY to a pk_live_ key, then run the Stripe key check.";

        var kinds = $"secret key {StripeKeys.Describe(keys.SecretKey)}, publishable key {StripeKeys.Describe(keys.PublishableKey)}";
        if (!StripeKeys.IsLiveSecret(keys.SecretKey) || keys.PublishableKey != StripeKeyKind.PublishableLive)
        {
            return new Gate(2, title, GateStatus.Fail, true, $"Keys are not live ({kinds}).", remediation);
        }

        if (keys.LastCheckAt is not { } checkedAt || now - checkedAt > StripeCheckFreshness)
        {
            return new Gate(2, title, GateStatus.Unknown, true,
                $"Live keys configured ({kinds}) but no key check against Stripe in the last {StripeCheckFreshness.TotalHours:0} h.", remediation);
        }

        if (!keys.LastCheckSucceeded || !keys.LastCheckLivemode)
        {
            var why = keys.LastCheckSucceeded ? "answered with livemode=false" : "failed";
            return new Gate(2, title, GateStatus.Fail, true, $"The key check at {checkedAt:u} {why} ({kinds}).", remediation);
        }

        return new Gate(2, title, GateStatus.Pass, true, $"A Stripe API call at {checkedAt:u} succeeded with livemode=true ({kinds}).", remediation);
    }

    private static Gate LedgerGate(LedgerProbeObservation probe, DateTimeOffset now)
    {
        const string title = "Ledger read/write OK";
        const string remediation =
            "Check /readyz and the database; the ledger probe writes, reads back and reverses an entry on the system probe account every minute.";

        if (probe.LastFailureAt is { } failedAt && (probe.LastSuccessAt is not { } ok || failedAt >= ok) && now - failedAt <= LedgerProbeFreshness)
        {
            return new Gate(3, title, GateStatus.Fail, true, $"The ledger probe failed at {failedAt:u}: {probe.LastError ?? "no detail"}.", remediation);
        }

        if (probe.LastSuccessAt is { } succeededAt && now - succeededAt <= LedgerProbeFreshness)
        {
            return new Gate(3, title, GateStatus.Pass, true, $"The ledger probe wrote, read back and reversed an entry at {succeededAt:u}.", remediation);
        }

        return new Gate(3, title, GateStatus.Unknown, true,
            $"No ledger probe result in the last {LedgerProbeFreshness.TotalMinutes:0} minutes.", remediation);
    }

    private static Gate CheckoutGate(CheckoutObservation checkout)
    {
        const string title = "Checkout can complete";
        const string remediation = "Complete a checkout (sandbox or live) in the current validation run and confirm the credits and receipt.";

        return checkout.LastFulfilledAt is { } at && at >= checkout.WindowStart
            ? new Gate(4, title, GateStatus.Pass, false, $"A payment reached fulfilled at {at:u} ({checkout.WindowLabel}).", remediation)
            : new Gate(4, title, GateStatus.Fail, false, $"No payment reached fulfilled in {checkout.WindowLabel}.", remediation);
    }
}
