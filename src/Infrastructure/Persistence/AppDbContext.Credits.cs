using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Credits;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<CreditAccount> CreditAccounts => Set<CreditAccount>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
}
