using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth.ResetPassword;

public sealed record ResetPasswordCommand(string Email, string Token, string NewPassword);

/// <summary>Sets a new password with a reset token; the token is spent and every other one dies with the old stamp.</summary>
public sealed class ResetPasswordHandler(IAppDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(ResetPasswordCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var normalized = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var hash = PasswordResetToken.HashOf(command.Token);
        var token = await db.PasswordResetTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (user is null || token is null || !token.IsUsableBy(user, now))
        {
            throw InvalidToken();
        }

        user.ResetPassword(token, command.NewPassword, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The token row changed since it was read: a concurrent request spent it first.
            throw InvalidToken();
        }
    }

    private static InputException InvalidToken()
    {
        const string Message = "The reset token is invalid, already used or expired.";
        return new InputException("invalid-reset-token", Message, new Dictionary<string, string[]> { ["token"] = [Message] });
    }
}
