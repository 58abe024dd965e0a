using Microsoft.EntityFrameworkCore;
using Scholar.Infrastructure.Idempotency;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
}
