using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;

namespace Scholar.Application.Credits.GetBalance;

public sealed record GetBalanceQuery(Guid UserId);

/// <summary>The balance and when it last moved (null for a user who never had credits).</summary>
public sealed record BalanceResult(long Balance, DateTimeOffset? UpdatedAt);

public sealed class GetBalanceHandler(IAppDbContext db)
{
    public async Task<BalanceResult> HandleAsync(GetBalanceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var account = await db.CreditAccounts.AsNoTracking()
            .Where(a => a.UserId == query.UserId)
            .Select(a => new BalanceResult(a.Balance, a.UpdatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        return account ?? new BalanceResult(0, null);
    }
}
