using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Ops;
using Scholar.Domain.Payments;
using Scholar.Infrastructure.Payments.Sandbox;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext
{
    public DbSet<CreditPackage> CreditPackages => Set<CreditPackage>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<ProcessedStripeEvent> StripeEvents => Set<ProcessedStripeEvent>();

    public DbSet<StripeKeyCheck> StripeKeyChecks => Set<StripeKeyCheck>();

    public DbSet<FunnelPolicy> FunnelPolicies => Set<FunnelPolicy>();

    public DbSet<SandboxSession> SandboxSessions => Set<SandboxSession>();

    public DbSet<SandboxRefund> SandboxRefunds => Set<SandboxRefund>();
}
