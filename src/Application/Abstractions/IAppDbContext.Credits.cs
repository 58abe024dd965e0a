using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Credits;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<CreditAccount> CreditAccounts { get; }

    /// <summary>Append-only: add through <c>ICreditLedger</c>; the database refuses updates and deletes.</summary>
    DbSet<LedgerEntry> LedgerEntries { get; }
}
