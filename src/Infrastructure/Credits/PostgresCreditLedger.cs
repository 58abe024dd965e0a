using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Application.Credits;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Credits;

/// <summary>
/// <see cref="ICreditLedger"/> on PostgreSQL. Appends for one account are serialised by a row lock
/// (<c>SELECT … FOR UPDATE</c>) on the account, so the balance check and the new balance see every
/// committed entry; different accounts never wait for each other. Runs under READ COMMITTED (the
/// default): each statement after the lock sees the rows committed before it was granted.
/// </summary>
public sealed class PostgresCreditLedger(AppDbContext db, ITransactionRunner transactions, TimeProvider clock) : ICreditLedger
{
    public async Task<LedgerAppendResult> AppendAsync(LedgerAppend request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException(
                "ICreditLedger.AppendAsync must run inside the caller's transaction (ITransactionRunner or BeginTransactionAsync).");
        }

        var now = clock.GetUtcNow();
        var hash = RequestFingerprint.OfParts(
            request.Kind.ToWireName(),
            request.Delta.ToString(CultureInfo.InvariantCulture),
            request.Reason,
            request.Source,
            request.SourceId);

        // An earlier entry with the same key or source makes the insert fail on its unique index, and the
        // transaction runner reruns the unit (its RetryableUniqueIndexes), which then finds and replays it.
        // So the first run of a runner's unit, nearly always a new fact, skips the look-up: one round trip
        // less per append. Reruns, and transactions the runner does not own, look up first (before the
        // account lock, so the lock is held for fewer round trips).
        var lookedUp = transactions.IsRerun;
        var earlier = lookedUp ? await FindEarlierAsync(request, cancellationToken) : FindPendingEarlier(request);
        var account = await LockAccountAsync(request.UserId, cancellationToken)
            ?? await CreateAndLockAccountAsync(request.UserId, now, cancellationToken);
        if (earlier is not null)
        {
            return Replay(account, earlier, request, hash);
        }

        var draft = new LedgerEntryDraft(request.Kind, request.Delta, request.Reason, request.Source, request.SourceId,
            request.IdempotencyKey, hash, request.CreatedBy);
        LedgerEntry entry;
        try
        {
            entry = account.Append(draft, now);
        }
        catch (DomainException) when (!lookedUp)
        {
            // A repeat is answered with its entry even when the balance could no longer pay for it now.
            if (await FindEarlierAsync(request, cancellationToken) is { } replayed)
            {
                return Replay(account, replayed, request, hash);
            }

            throw;
        }

        // EF orders one batch's inserts by key, not by Add: an entry appended earlier in this unit for the same
        // account is written first, so sequence order (and the running sum of balance_after) is append order.
        if (Tracked<LedgerEntry>().Any(e => e.AccountId == account.Id && db.Entry(e).State == EntityState.Added))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        db.LedgerEntries.Add(entry);
        return new LedgerAppendResult(entry, account.Balance, Replayed: false);
    }

    private static LedgerAppendResult Replay(CreditAccount account, LedgerEntry earlier, LedgerAppend request, string hash)
    {
        if (earlier.AccountId == account.Id && earlier.IdempotencyKey == request.IdempotencyKey)
        {
            return earlier.RequestHash == hash
                ? new LedgerAppendResult(earlier, account.Balance, Replayed: true)
                : throw new UnprocessableException(
                    IdempotencyProblems.KeyReused,
                    "This idempotency key was already used for a different ledger entry.");
        }

        // Same business fact (source, source id, kind) asked again under another key.
        return earlier.AccountId == account.Id && earlier.Delta == request.Delta
            ? new LedgerAppendResult(earlier, account.Balance, Replayed: true)
            : throw new ConflictException(
                "ledger-source-conflict",
                $"A {request.Kind.ToWireName()} entry for {request.Source} {request.SourceId} is already recorded with different details.");
    }

    /// <summary>An entry for the same fact appended earlier in this same, not yet saved, unit of work.</summary>
    private LedgerEntry? FindPendingEarlier(LedgerAppend request)
    {
        var pendingAccountIds = Tracked<CreditAccount>().Where(a => a.UserId == request.UserId).Select(a => a.Id).ToHashSet();

        bool Matches(LedgerEntry e) =>
            (pendingAccountIds.Contains(e.AccountId) && e.IdempotencyKey == request.IdempotencyKey)
            || (request.SourceId is not null && e.Source == request.Source && e.SourceId == request.SourceId && e.Kind == request.Kind);

        return Tracked<LedgerEntry>().FirstOrDefault(Matches);
    }

    /// <summary>The entities of a type this unit tracks, as added or loaded (<see cref="TrackedEntries"/>).</summary>
    private IEnumerable<T> Tracked<T>()
        where T : class =>
        TrackedEntries.WithoutDetectingChanges<T>(db).Select(e => e.Entity);

    private async Task<LedgerEntry?> FindEarlierAsync(LedgerAppend request, CancellationToken cancellationToken)
    {
        if (FindPendingEarlier(request) is { } pending)
        {
            return pending;
        }

        var accountIds = db.CreditAccounts.Where(a => a.UserId == request.UserId).Select(a => a.Id);
        var entries = db.LedgerEntries.AsNoTracking();
        return request.SourceId is null
            ? await entries.FirstOrDefaultAsync(e => accountIds.Contains(e.AccountId) && e.IdempotencyKey == request.IdempotencyKey, cancellationToken)
            : await entries.FirstOrDefaultAsync(
                e => (accountIds.Contains(e.AccountId) && e.IdempotencyKey == request.IdempotencyKey)
                    || (e.Source == request.Source && e.SourceId == request.SourceId && e.Kind == request.Kind),
                cancellationToken);
    }

    private async Task<CreditAccount?> LockAccountAsync(Guid userId, CancellationToken cancellationToken)
    {
        var tracked = Tracked<CreditAccount>().FirstOrDefault(a => a.UserId == userId);
        var trackedUnchanged = tracked is not null && db.Entry(tracked).State == EntityState.Unchanged;

        var rows = await db.CreditAccounts
            .FromSql($"SELECT * FROM credit_accounts WHERE user_id = {userId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        var account = rows.SingleOrDefault();

        // A query returns an already tracked instance as it was; it may predate the lock, so refresh it.
        if (account is not null && trackedUnchanged && ReferenceEquals(account, tracked))
        {
            await db.Entry(account).ReloadAsync(cancellationToken);
        }

        return account;
    }

    private async Task<CreditAccount> CreateAndLockAccountAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two first touches may race: one insert wins, the other waits for it and does nothing.
        var fresh = new CreditAccount(userId, now);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO credit_accounts (id, user_id, balance, version, created_at, updated_at)
            VALUES ({fresh.Id}, {userId}, 0, 0, {now}, {now})
            ON CONFLICT (user_id) DO NOTHING
            """,
            cancellationToken);
        return await LockAccountAsync(userId, cancellationToken)
            ?? throw new InvalidOperationException("The credit account vanished after it was created.");
    }
}
