using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;

namespace Scholar.Infrastructure.Persistence;

/// <summary>
/// The one database context. Modules add their sets in partial files (<c>AppDbContext.&lt;Module&gt;.cs</c>)
/// and their mappings as <see cref="IEntityTypeConfiguration{TEntity}"/> classes under
/// <c>Configurations/&lt;Module&gt;/</c>; names are snake_case (set where the context is registered).
/// </summary>
public sealed partial class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IAppDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        OnModelCreatingPartial(modelBuilder);
    }

    partial void OnModelCreatingPartial(ModelBuilder modelBuilder);
}
