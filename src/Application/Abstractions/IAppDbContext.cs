using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Scholar.Application.Abstractions;

/// <summary>
/// The database as the use cases see it. Each module adds its own sets in a partial file
/// (<c>IAppDbContext.&lt;Module&gt;.cs</c>), so modules never edit each other's files.
/// </summary>
public partial interface IAppDbContext
{
    DatabaseFacade Database { get; }

    /// <summary>For use cases that commit in steps around a slow outside call and must re-read rows under lock.</summary>
    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
