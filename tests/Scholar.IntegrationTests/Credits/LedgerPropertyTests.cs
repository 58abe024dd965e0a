using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Persistence;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Scholar.IntegrationTests.Credits;

/// <summary>
/// Thousands of random grants, consumptions, adjustments and reversals from concurrent workers on a
/// few shared accounts; after every batch the ledger must add up. Set LEDGER_PROPERTY_SEED to replay a run.
/// </summary>
public sealed class LedgerPropertyTests(CreditsApiFactory factory, ITestOutputHelper output) : IClassFixture<CreditsApiFactory>
{
    private const int Workers = 4;
    private const int Batches = 5;
    private const int OperationsPerWorkerPerBatch = 100;

    private sealed record Operation(Guid UserId, LedgerEntryKind Kind, long Delta, string Key);

    [Fact]
    public async Task Random_concurrent_operations_keep_every_account_consistent()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LEDGER_PROPERTY_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        output.WriteLine($"LEDGER_PROPERTY_SEED={seed}");
        var users = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        var recorded = 0;
        var replays = 0;

        try
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                // Per-worker seeds by plain arithmetic: HashCode.Combine is salted per process and would not replay.
                var outcomes = await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker =>
                    Task.Run(() => RunWorkerAsync(new Random(unchecked((seed * 31 + batch) * 31 + worker)), users, $"b{batch}w{worker}"))));
                recorded += outcomes.Sum(o => o.Recorded);
                replays += outcomes.Sum(o => o.Replayed);

                await AssertLedgerConsistentAsync(users, recorded);
            }
        }
        catch (Exception e) when (e is not XunitException { Message: var m } || !m.StartsWith("seed ", StringComparison.Ordinal))
        {
            throw new XunitException($"seed {seed} (set LEDGER_PROPERTY_SEED={seed} to replay): {e}");
        }

        output.WriteLine($"{recorded} entries recorded, {replays} replays answered without a new entry");
        Assert.True(replays > 0, $"seed {seed}: the run exercised no replays");
    }

    private async Task<(int Recorded, int Replayed)> RunWorkerAsync(Random random, Guid[] users, string prefix)
    {
        var done = new List<Operation>();
        var (recorded, replayed) = (0, 0);
        for (var i = 0; i < OperationsPerWorkerPerBatch; i++)
        {
            // One in ten repeats an earlier operation exactly: it must be answered without a new entry.
            var operation = done.Count > 0 && random.Next(10) == 0
                ? done[random.Next(done.Count)]
                : Next(random, users, $"{prefix}-{i}");
            try
            {
                var result = await factory.AppendAsync(operation.UserId, operation.Kind, operation.Delta, operation.Key);
                if (result.Replayed)
                {
                    replayed++;
                }
                else
                {
                    recorded++;
                    done.Add(operation);
                }
            }
            catch (DomainException e) when (e.Code == "insufficient-credits")
            {
                // Refused: nothing written, as the invariant demands.
            }
        }

        return (recorded, replayed);
    }

    private static Operation Next(Random random, Guid[] users, string key)
    {
        var user = users[random.Next(users.Length)];
        var amount = random.Next(1, 40);
        return random.Next(6) switch
        {
            0 => new(user, LedgerEntryKind.Grant, amount, key),
            1 or 2 => new(user, LedgerEntryKind.Consumption, -amount, key),
            3 => new(user, LedgerEntryKind.Adjustment, random.Next(2) == 0 ? amount : -amount, key),
            4 => new(user, LedgerEntryKind.Refund, -random.Next(1, 10), key),
            _ => new(user, LedgerEntryKind.Reversal, random.Next(2) == 0 ? amount : -amount, key),
        };
    }

    private Task<bool> AssertLedgerConsistentAsync(Guid[] users, int recorded) => factory.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var accounts = await db.CreditAccounts.AsNoTracking().Where(a => users.Contains(a.UserId)).ToListAsync();
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => accounts.Select(a => a.Id).Contains(e.AccountId))
            .OrderBy(e => e.Sequence)
            .ToListAsync();

        Assert.Equal(recorded, entries.Count);
        foreach (var account in accounts)
        {
            var running = 0L;
            foreach (var entry in entries.Where(e => e.AccountId == account.Id))
            {
                running += entry.Delta;
                Assert.Equal(running, entry.BalanceAfter);
                if (entry.Delta < 0 && !entry.Kind.MayOverdraw())
                {
                    Assert.True(entry.BalanceAfter >= 0, $"{entry.Kind} {entry.Delta} overdrew to {entry.BalanceAfter}");
                }
            }

            Assert.Equal(running, account.Balance);
            Assert.Equal(entries.Count(e => e.AccountId == account.Id), account.Version);
        }

        var duplicateKeys = entries.GroupBy(e => (e.AccountId, e.IdempotencyKey)).Count(g => g.Count() > 1);
        Assert.Equal(0, duplicateKeys);
        return true;
    });
}
