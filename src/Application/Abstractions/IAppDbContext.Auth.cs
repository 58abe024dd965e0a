using Microsoft.EntityFrameworkCore;
using Scholar.Domain.Auth;

namespace Scholar.Application.Abstractions;

public partial interface IAppDbContext
{
    DbSet<User> Users { get; }

    DbSet<PasswordResetToken> PasswordResetTokens { get; }

    DbSet<PasswordResetRequest> PasswordResetRequests { get; }
}
