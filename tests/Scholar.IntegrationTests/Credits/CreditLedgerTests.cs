using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Credits;
using Scholar.Application.Credits.ConsumeCredits;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Credits;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Credits;

/// <summary>The ledger service and the consume use case on real PostgreSQL, without HTTP.</summary>
public sealed class CreditLedgerTests(CreditsApiFactory factory) : IClassFixture<CreditsApiFactory>
{
    private Task<ConsumeCreditsResult> ConsumeAsync(Guid userId, long amount, string key) =>
        factory.InScopeAsync(sp => sp.GetRequiredService<ConsumeCreditsHandler>()
            .HandleAsync(new ConsumeCreditsCommand(userId, amount, "lesson", key), CancellationToken.None));

    [Fact]
    public async Task Fifty_parallel_consumes_of_ten_against_a_hundred_let_exactly_ten_through()
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 100, "seed");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            await Task.Yield();
            try
            {
                await ConsumeAsync(user, 10, $"consume-{i}");
                return true;
            }
            catch (DomainException e) when (e.Code == "insufficient-credits")
            {
                return false;
            }
        }));

        Assert.Equal(10, attempts.Count(ok => ok));
        var (stored, sum, entries) = await factory.BalanceAsync(user);
        Assert.Equal(0, stored);
        Assert.Equal(stored, sum);
        Assert.Equal(11, entries);
    }

    [Fact]
    public async Task Consume_refuses_when_balance_is_short_and_writes_nothing()
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 5, "seed");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => ConsumeAsync(user, 6, "too-much"));

        Assert.Equal("insufficient-credits", refusal.Code);
        Assert.Equal((5L, 5L, 1), await factory.BalanceAsync(user));
    }

    // Granted 20 and consumed 20, the replay finds a balance that could not pay again: still the first entry, no refusal.
    [Theory]
    [InlineData(50, 30)]
    [InlineData(20, 0)]
    public async Task Consume_replayed_with_the_same_key_consumes_once(long granted, long left)
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, granted, "seed");

        var first = await ConsumeAsync(user, 20, "once");
        var again = await ConsumeAsync(user, 20, "once");

        Assert.Equal(first.EntryId, again.EntryId);
        Assert.Equal((left, left, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Reused_ledger_key_with_a_different_amount_is_refused_as_unprocessable()
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 50, "seed");
        await ConsumeAsync(user, 20, "k");

        var refusal = await Assert.ThrowsAsync<UnprocessableException>(() => ConsumeAsync(user, 21, "k"));

        Assert.Equal("idempotency-key-reused", refusal.Code);
        Assert.Equal((30L, 30L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Refund_is_recorded_in_full_below_zero_and_then_consumption_is_refused()
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Purchase, 100, "purchase", sourceId: $"pay-{user}");
        await ConsumeAsync(user, 80, "spend");

        var refund = await factory.AppendAsync(user, LedgerEntryKind.Refund, -100, "refund", sourceId: $"refund-{user}");

        Assert.Equal(-80, refund.Balance);
        await Assert.ThrowsAsync<DomainException>(() => ConsumeAsync(user, 1, "after-refund"));
        Assert.Equal((-80L, -80L, 3), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task The_same_source_fact_is_recorded_once_even_under_another_key()
    {
        var user = Guid.NewGuid();
        var payment = $"pay-{Guid.NewGuid()}";

        var first = await factory.AppendAsync(user, LedgerEntryKind.Purchase, 100, "fulfil-1", payment);
        var second = await factory.AppendAsync(user, LedgerEntryKind.Purchase, 100, "fulfil-2", payment);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Entry.Id, second.Entry.Id);
        Assert.Equal((100L, 100L, 1), await factory.BalanceAsync(user));
        await Assert.ThrowsAsync<ConflictException>(() => factory.AppendAsync(user, LedgerEntryKind.Purchase, 99, "fulfil-3", payment));
    }

    [Fact]
    public async Task A_twin_committed_while_an_append_waits_for_the_account_lock_is_replayed_not_doubled()
    {
        var user = Guid.NewGuid();
        var payment = $"pay-{Guid.NewGuid()}";
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 1, "seed");
        var first = new LedgerAppend(user, LedgerEntryKind.Purchase, 100, "r", "tests", payment, "fulfil-1", "user:tests");

        // The first unit appends and holds the account lock, not yet committed.
        await using var holder = factory.Services.CreateAsyncScope();
        var holderDb = holder.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await holderDb.Database.BeginTransactionAsync();
        var held = await holder.ServiceProvider.GetRequiredService<ICreditLedger>().AppendAsync(first, CancellationToken.None);
        await holderDb.SaveChangesAsync();

        // The twin (same source fact, another key) looks for an earlier entry, finds none, then waits for the lock.
        var twin = factory.AppendAsync(user, LedgerEntryKind.Purchase, 100, "fulfil-2", payment);
        await WaitUntilWaitingForALockAsync();
        await transaction.CommitAsync();

        var replayed = await twin;
        Assert.True(replayed.Replayed);
        Assert.Equal(held.Entry.Id, replayed.Entry.Id);
        Assert.Equal((101L, 101L, 2), await factory.BalanceAsync(user));
    }

    private async Task WaitUntilWaitingForALockAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            var waiting = await factory.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                .SingleAsync());
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("The twin append never waited for the account lock.");
    }

    [Fact]
    public async Task Append_outside_a_transaction_is_refused()
    {
        var error = await factory.InScopeAsync(sp => Assert.ThrowsAsync<InvalidOperationException>(() =>
            sp.GetRequiredService<ICreditLedger>().AppendAsync(
                new LedgerAppend(Guid.NewGuid(), LedgerEntryKind.Grant, 1, "r", "tests", null, "k", "user:tests"),
                CancellationToken.None)));

        Assert.Contains("transaction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_joins_the_callers_transaction_and_vanishes_with_its_rollback()
    {
        var user = Guid.NewGuid();

        await factory.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await sp.GetRequiredService<ICreditLedger>().AppendAsync(
                new LedgerAppend(user, LedgerEntryKind.Purchase, 40, "r", "tests", "pay-x", "k", "user:tests"),
                CancellationToken.None);
            Assert.Equal(40, result.Balance);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return true;
        });

        Assert.Equal((0L, 0L, 0), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Two_appends_in_one_unit_of_work_chain_their_balances()
    {
        var user = Guid.NewGuid();

        var balance = await factory.InScopeAsync(sp => sp.GetRequiredService<ITransactionRunner>().ExecuteAsync(async ct =>
        {
            var ledger = sp.GetRequiredService<ICreditLedger>();
            await ledger.AppendAsync(new LedgerAppend(user, LedgerEntryKind.Grant, 10, "r", "tests", null, "a", "user:tests"), ct);
            var second = await ledger.AppendAsync(new LedgerAppend(user, LedgerEntryKind.Consumption, -4, "r", "tests", null, "b", "user:tests"), ct);
            return second.Entry.BalanceAfter;
        }, CancellationToken.None));

        Assert.Equal(6, balance);
        Assert.Equal((6L, 6L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task First_touches_racing_create_one_account()
    {
        var user = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => factory.AppendAsync(user, LedgerEntryKind.Grant, 1, $"first-{i}"))));

        var accounts = await factory.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().CreditAccounts.CountAsync(a => a.UserId == user));
        Assert.Equal(1, accounts);
        Assert.Equal((20L, 20L, 20), await factory.BalanceAsync(user));
    }

    [Theory]
    [InlineData("UPDATE ledger_entries SET delta = delta + 1")]
    [InlineData("DELETE FROM ledger_entries")]
    [InlineData("TRUNCATE ledger_entries CASCADE")]
    public async Task The_database_refuses_to_change_or_remove_ledger_rows(string sql)
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 7, "seed");

        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var refusal = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.RestrictViolation, refusal.SqlState);
        Assert.Contains("append-only", refusal.MessageText, StringComparison.Ordinal);
        Assert.Equal((7L, 7L, 1), await factory.BalanceAsync(user));
    }

    /// <summary>
    /// Entries appended in one transaction (a fulfilment applying parked refunds) share a millisecond, so
    /// their time-ordered ids tie and EF would insert them by key: the ledger keeps append order anyway.
    /// </summary>
    [Fact]
    public async Task Several_appends_in_one_transaction_keep_append_order_in_sequence_and_balance_after()
    {
        var user = Guid.NewGuid();
        var frozen = new Notifications.TestClock(DateTimeOffset.UtcNow);

        await factory.InScopeAsync(sp => sp.GetRequiredService<ITransactionRunner>().ExecuteAsync(async ct =>
        {
            var ledger = new PostgresCreditLedger(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<TransactionRunner>(), frozen);
            for (var i = 1; i <= 8; i++)
            {
                await ledger.AppendAsync(new LedgerAppend(user, LedgerEntryKind.Grant, i, "same millisecond", "tests", null, $"ms-{user}-{i}", "user:tests"), ct);
            }

            return 0;
        }, CancellationToken.None));

        var deltas = await factory.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().LedgerEntries
            .Where(e => e.IdempotencyKey.StartsWith($"ms-{user}-")).OrderBy(e => e.Sequence).Select(e => new { e.Delta, e.BalanceAfter }).ToListAsync());
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], deltas.Select(d => d.Delta));
        Assert.Equal([1L, 3, 6, 10, 15, 21, 28, 36], deltas.Select(d => d.BalanceAfter));
    }
}
