using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<CreditPackage> CreditPackages { get; }

    DbSet<Payment> Payments { get; }

    DbSet<ProcessedStripeEvent> StripeEvents { get; }

    DbSet<StripeKeyCheck> StripeKeyChecks { get; }

    DbSet<FunnelPolicy> FunnelPolicies { get; }
}
