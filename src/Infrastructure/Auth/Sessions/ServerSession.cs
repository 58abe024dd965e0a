namespace Scholar.Infrastructure.Auth.Sessions;

/// <summary>
/// A cookie session kept on the server: the browser holds only its id (inside the encrypted cookie);
/// the ticket, with the OIDC tokens it carries, lives here, encrypted with the Data Protection key ring.
/// </summary>
public sealed class ServerSession
{
    public Guid Id { get; set; }

    /// <summary>The cookie scheme that owns the session (<c>pilot</c>).</summary>
    public string Scheme { get; set; } = "";

    /// <summary>The user's <c>sub</c>, so every session of one user can be found and ended.</summary>
    public string? Subject { get; set; }

    /// <summary>The serialized authentication ticket, Data-Protection encrypted.</summary>
    public byte[] Ticket { get; set; } = [];

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
