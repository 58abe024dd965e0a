using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Auth.Keys;
using Scholar.Infrastructure.Auth.Sessions;

namespace Scholar.Infrastructure.Persistence;

public sealed partial class AppDbContext : IDataProtectionKeyContext
{
    public DbSet<User> Users => Set<User>();

    public DbSet<PasswordResetToken> PasswordResetTokens => Set<PasswordResetToken>();

    public DbSet<PasswordResetRequest> PasswordResetRequests => Set<PasswordResetRequest>();

    public DbSet<DevelopmentKey> DevelopmentKeys => Set<DevelopmentKey>();

    /// <summary>Cookie sessions kept server-side (the student app's, with its OIDC tokens).</summary>
    public DbSet<ServerSession> ServerSessions => Set<ServerSession>();

    /// <summary>ASP.NET Core Data Protection key ring, shared by every instance (cookies, antiforgery).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    [SuppressMessage("Performance", "CA1822", Justification = "Implements the instance partial declared in AppDbContext.cs.")]
    partial void OnModelCreatingPartial(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();

        // OpenIddict names its tables "OpenIddictX"; the snake_case convention would split "open_iddict".
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication>().ToTable("openiddict_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization>().ToTable("openiddict_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope>().ToTable("openiddict_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken>().ToTable("openiddict_tokens");
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
