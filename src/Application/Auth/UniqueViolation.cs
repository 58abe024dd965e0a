using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Scholar.Application.Auth;

public static class UniqueViolation
{
    /// <summary>PostgreSQL's unique_violation, seen through the provider-neutral <see cref="DbException"/>.</summary>
    public static bool Is(DbUpdateException exception) =>
        exception.InnerException is DbException { SqlState: "23505" };
}
