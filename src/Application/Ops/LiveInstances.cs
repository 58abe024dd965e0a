using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Ops;

/// <summary>The instances still beating: the one definition the Secrets Check, gates, data mode and status reports share.</summary>
public static class LiveInstances
{
    /// <summary>An instance that has not beaten for this long is taken to be gone.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(3);

    public static IQueryable<AppInstance> Query(IAppDbContext db, DateTimeOffset now)
    {
        var since = now - Window;
        return db.AppInstances.AsNoTracking().Where(i => i.LastSeenAt >= since);
    }
}
