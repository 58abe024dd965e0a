using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;

namespace Scholar.Application.Payments.ListPackages;

public sealed record PackageView(string Id, string Name, int Credits, long PriceCents, string Currency);

public sealed class ListPackagesHandler(IAppDbContext db)
{
    public async Task<IReadOnlyList<PackageView>> HandleAsync(CancellationToken ct) =>
        await db.CreditPackages.AsNoTracking()
            .Where(p => p.Active)
            .OrderBy(p => p.SortOrder)
            .Select(p => new PackageView(p.Id, p.Name, p.Credits, p.PriceCents, p.Currency))
            .ToListAsync(ct);
}
