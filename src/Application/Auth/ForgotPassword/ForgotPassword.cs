using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth.ForgotPassword;

/// <summary>A reset request; <c>ResetPageUrl</c> is the absolute URL the email links to, token appended.</summary>
public sealed record ForgotPasswordCommand(string Email, string ResetPageUrl);

/// <summary>
/// Takes a reset request. It does the same work whatever the address (one row, one commit) and says
/// nothing about whether an account uses it: neither the answer nor its timing can tell.
/// <see cref="IssuePasswordResetHandler"/> issues the link later, when an account exists.
/// </summary>
public sealed class ForgotPasswordHandler(IAppDbContext db, TimeProvider clock)
{
    public async Task HandleAsync(ForgotPasswordCommand command, CancellationToken cancellationToken)
    {
        db.PasswordResetRequests.Add(PasswordResetRequest.Create(command.Email, command.ResetPageUrl, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Answers the oldest waiting reset request, in one transaction: when an account uses the address, a
/// reset token is issued and the <c>password_reset</c> email queued; either way the request is gone.
/// Any number of instances may run it: a request another one holds is skipped.
/// </summary>
public sealed class IssuePasswordResetHandler(IAppDbContext db, ITransactionRunner transactions, INotificationOutbox outbox, TimeProvider clock)
{
    public const string Template = "password_reset";

    /// <summary>Returns false when no request was waiting.</summary>
    public Task<bool> HandleAsync(CancellationToken cancellationToken) =>
        transactions.ExecuteAsync(async ct =>
        {
            var request = await db.PasswordResetRequests
                .FromSql($"SELECT * FROM password_reset_requests ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED")
                .SingleOrDefaultAsync(ct);
            if (request is null)
            {
                return false;
            }

            db.PasswordResetRequests.Remove(request);
            var normalized = User.NormalizeEmail(request.Email);
            var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            if (user is not null)
            {
                var (token, secret) = PasswordResetToken.Issue(user, clock.GetUtcNow());
                db.PasswordResetTokens.Add(token);
                var resetUrl = $"{request.ResetPageUrl}?email={Uri.EscapeDataString(user.Email)}&token={Uri.EscapeDataString(secret)}";
                outbox.Enqueue(new NotificationRequest(
                    Template,
                    user.Email,
                    new Dictionary<string, string> { ["name"] = user.DisplayName, ["resetUrl"] = resetUrl },
                    $"{Template}:{token.Id}"));
            }

            return true;
        }, cancellationToken);
}
