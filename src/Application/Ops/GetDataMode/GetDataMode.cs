using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Hosting;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops.GetDataMode;

/// <summary>
/// Whether the data the console shows is real: null where no live instance of the app reports, so the
/// caller can say it does not know rather than guess.
/// </summary>
/// <param name="SandboxPayments">True unless every live provider_register instance holds a live Stripe secret key.</param>
/// <param name="LocalMailbox">True unless every live auto_com_center instance has its Postmark token set.</param>
public sealed record DataMode(bool? SandboxPayments, bool? LocalMailbox);

/// <summary>Reads the payment and email mode from the apps' own heartbeats, never from the reader's settings.</summary>
public sealed class GetDataModeHandler(IAppDbContext db, TimeProvider clock)
{
    public const string PostmarkToken = "POSTMARK_SERVER_TOKEN";

    public async Task<DataMode> HandleAsync(CancellationToken ct)
    {
        var live = await LiveInstances.Query(db, clock.GetUtcNow()).ToListAsync(ct);
        var payments = live.Where(i => i.Apps.Contains(ScholarApps.ProviderRegister)).ToList();
        var email = live.Where(i => i.Apps.Contains(ScholarApps.AutoComCenter)).ToList();

        return new DataMode(
            payments.Count == 0 ? null : payments.Any(i => i.StripeSecretKeyKind is not { } kind || !StripeKeys.IsLiveSecret(kind)),
            email.Count == 0
                ? null
                : email.Any(i => !i.SecretsSnapshot.Any(s => s.App == ScholarApps.AutoComCenter && s.Name == PostmarkToken && s.State == SecretState.Present)));
    }
}
