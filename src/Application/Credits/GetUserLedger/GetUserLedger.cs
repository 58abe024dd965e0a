using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Credits.GetBalance;
using Scholar.Application.Credits.GetLedger;

namespace Scholar.Application.Credits.GetUserLedger;

public sealed record GetUserLedgerQuery(Guid UserId, int Limit, string? Cursor);

public sealed record UserLedgerResult(Guid UserId, long Balance, IReadOnlyList<LedgerEntryView> Entries, string? NextCursor);

/// <summary>The operator's view of one user's credits: the evidence "ledger fetch for the user".</summary>
public sealed class GetUserLedgerHandler(IAppDbContext db, GetBalanceHandler balances, GetLedgerHandler ledgers)
{
    public async Task<UserLedgerResult> HandleAsync(GetUserLedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!await db.Users.AnyAsync(u => u.Id == query.UserId, cancellationToken))
        {
            throw new NotFoundException("The user");
        }

        var balance = await balances.HandleAsync(new GetBalanceQuery(query.UserId), cancellationToken);
        var page = await ledgers.HandleAsync(new GetLedgerQuery(query.UserId, query.Limit, query.Cursor), cancellationToken);
        return new UserLedgerResult(query.UserId, balance.Balance, page.Items, page.NextCursor);
    }
}
