using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scholar.Application.Auth.ForgotPassword;
using Scholar.Infrastructure.Ops;

namespace Scholar.Infrastructure.Auth;

/// <summary>
/// Every second, answers the waiting "forgot password" requests (<see cref="IssuePasswordResetHandler"/>),
/// one transaction each, until none is left.
/// </summary>
public sealed class PasswordResetIssuer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PasswordResetIssuer> logger)
    : PeriodicWorker(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        bool issued;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            issued = await scope.ServiceProvider.GetRequiredService<IssuePasswordResetHandler>().HandleAsync(ct);
        }
        while (issued);
    }
}
