using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;

namespace Scholar.Application.Credits.GetLedger;

/// <summary>A page of a user's ledger; <c>Cursor</c> is the previous page's <c>nextCursor</c>, or null for the newest.</summary>
public sealed record GetLedgerQuery(Guid UserId, int Limit, string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}

/// <summary>Entries newest first; <c>NextCursor</c> starts the next (older) page and is null on the last one.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntryView> Items, string? NextCursor);

/// <summary>A user's entries, newest first, by keyset on the ledger position (stable while new entries arrive).</summary>
public sealed class GetLedgerHandler(IAppDbContext db)
{
    public async Task<LedgerPage> HandleAsync(GetLedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, GetLedgerQuery.MaxLimit);
        long? before = query.Cursor is null ? null : LedgerCursor.Decode(query.Cursor);

        var accountId = db.CreditAccounts.Where(a => a.UserId == query.UserId).Select(a => a.Id);
        var entries = db.LedgerEntries.AsNoTracking().Where(e => accountId.Contains(e.AccountId));
        if (before is { } position)
        {
            entries = entries.Where(e => e.Sequence < position);
        }

        // One extra row tells whether another page exists without a count.
        var rows = await entries
            .OrderByDescending(e => e.Sequence)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);

        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? LedgerCursor.Encode(page[^1].Sequence) : null;
        return new LedgerPage(page.Select(LedgerEntryView.From).ToList(), next);
    }
}
