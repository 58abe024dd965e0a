using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Auth.Sessions;

/// <summary>
/// Keeps a cookie scheme's sessions in PostgreSQL (<see cref="ServerSession"/>): the browser's cookie
/// carries only the session id, so the access and refresh tokens never leave the server, every
/// instance sees the same session, and signing out deletes it for good. Tickets are encrypted with
/// the Data Protection key ring (itself encrypted at rest) before they are stored.
/// </summary>
public sealed class PostgresTicketStore(string scheme, IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : ITicketStore
{
    /// <summary>A ticket without an expiry of its own is kept this long.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    private readonly IDataProtector _protector = protection.CreateProtector("Scholar.ServerSessions", scheme);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Sessions nobody came back to are removed as new ones start: the table holds live sessions only.
        await db.ServerSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync();

        var session = new ServerSession { Id = Guid.NewGuid(), Scheme = scheme, UpdatedAt = now };
        Fill(session, ticket, now);
        db.ServerSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id.ToString("N");
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (!TryParse(key, out var id))
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var session = await db.ServerSessions.SingleOrDefaultAsync(s => s.Id == id && s.Scheme == scheme);
        if (session is null)
        {
            return;
        }

        Fill(session, ticket, now);
        session.UpdatedAt = now;
        await db.SaveChangesAsync();
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!TryParse(key, out var id))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var ticket = await db.ServerSessions.AsNoTracking()
            .Where(s => s.Id == id && s.Scheme == scheme && s.ExpiresAt > now)
            .Select(s => s.Ticket)
            .SingleOrDefaultAsync();
        if (ticket is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(ticket));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Its key is gone (a rotated SESSION_SECRET without the previous one): the session has to start over.
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        if (!TryParse(key, out var id))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.ServerSessions.Where(s => s.Id == id && s.Scheme == scheme).ExecuteDeleteAsync();
    }

    private void Fill(ServerSession session, AuthenticationTicket ticket, DateTimeOffset now)
    {
        session.Subject = ticket.Principal.FindFirst(ScholarClaims.Subject)?.Value;
        session.ExpiresAt = ticket.Properties.ExpiresUtc ?? now + DefaultLifetime;
        session.Ticket = _protector.Protect(TicketSerializer.Default.Serialize(ticket));
    }

    private static bool TryParse(string key, out Guid id) => Guid.TryParseExact(key, "N", out id);
}

/// <summary>Puts a cookie scheme's sessions in PostgreSQL.</summary>
public static class ServerSessionRegistration
{
    public static IServiceCollection AddServerSessions(this IServiceCollection services, string cookieScheme)
    {
        services.AddOptions<CookieAuthenticationOptions>(cookieScheme)
            .Configure<IServiceScopeFactory, IDataProtectionProvider, TimeProvider>((options, scopes, protection, clock) =>
                options.SessionStore = new PostgresTicketStore(cookieScheme, scopes, protection, clock));
        return services;
    }
}
