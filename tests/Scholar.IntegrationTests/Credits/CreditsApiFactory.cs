using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Application.Credits;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Credits;

/// <summary>
/// The real host on a private database, with a capped connection pool: the concurrency tests put
/// dozens of transactions in flight and the PostgreSQL server is shared with other test runs.
/// </summary>
public class CreditsApiFactory : ScholarApiFactory
{
    public const int PoolSize = 16;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DATABASE_URL"] = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxPoolSize = PoolSize }.ConnectionString,
    };

    /// <summary>Runs <paramref name="work"/> with services from a fresh scope, as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Appends through the ledger service in its own transaction.</summary>
    public Task<LedgerAppendResult> AppendAsync(Guid userId, LedgerEntryKind kind, long delta, string key, string? sourceId = null) =>
        InScopeAsync(sp => sp.GetRequiredService<ITransactionRunner>().ExecuteAsync(
            ct => sp.GetRequiredService<ICreditLedger>().AppendAsync(
                new LedgerAppend(userId, kind, delta, $"test {kind}", "tests", sourceId, key, "user:tests"), ct),
            CancellationToken.None));

    /// <summary>The stored balance and the sum of the account's entries, read together.</summary>
    public Task<(long Stored, long SumOfEntries, int Entries)> BalanceAsync(Guid userId) =>
        InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var account = await db.CreditAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == userId);
            if (account is null)
            {
                return (0L, 0L, 0);
            }

            var entries = db.LedgerEntries.Where(e => e.AccountId == account.Id);
            return (account.Balance, await entries.SumAsync(e => e.Delta), await entries.CountAsync());
        });
}
