using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth.ForgotPassword;

/// <summary>A reset request; <c>ResetPageUrl</c> is the absolute URL the email links to, token appended.</summary>
public sealed record ForgotPasswordCommand(string Email, string ResetPageUrl);

/// <summary>
/// Issues a reset token and queues the <c>password_reset</c> email in the same transaction. Says
/// nothing to the caller about whether the account exists.
/// </summary>
public sealed class ForgotPasswordHandler(IAppDbContext db, INotificationOutbox outbox, TimeProvider clock)
{
    public const string Template = "password_reset";

    public async Task HandleAsync(ForgotPasswordCommand command, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            return;
        }

        var (token, secret) = PasswordResetToken.Issue(user, clock.GetUtcNow());
        db.PasswordResetTokens.Add(token);
        var resetUrl = $"{command.ResetPageUrl}?email={Uri.EscapeDataString(user.Email)}&token={Uri.EscapeDataString(secret)}";
        outbox.Enqueue(new NotificationRequest(
            Template,
            user.Email,
            new Dictionary<string, string> { ["name"] = user.DisplayName, ["resetUrl"] = resetUrl },
            $"{Template}:{token.Id}"));
        await db.SaveChangesAsync(cancellationToken);
    }
}
