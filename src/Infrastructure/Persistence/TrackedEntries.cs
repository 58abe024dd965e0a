using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Scholar.Infrastructure.Persistence;

public static class TrackedEntries
{
    /// <summary>
    /// The entries of a type the context tracks, without the pass over every tracked entity for changes
    /// that <c>ChangeTracker.Entries</c> and <c>DbSet.Local</c> make first (several per webhook, about 6 % of
    /// its CPU in the profile, docs/performance-history.md). For readers of what an entity was added or
    /// loaded with (keys, an entry's kind and delta, the <c>Added</c> state); a modified state shows only
    /// after the next detection, so ask <c>db.Entry(entity)</c> for that, which checks one entity.
    /// </summary>
    public static List<EntityEntry<T>> WithoutDetectingChanges<T>(DbContext db)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. db.ChangeTracker.Entries<T>()];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
