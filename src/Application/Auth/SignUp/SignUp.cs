using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth.SignUp;

public sealed record SignUpCommand(string Email, string Password, string? DisplayName);

public sealed record SignUpResult(Guid UserId);

/// <summary>
/// Creates a student account and queues its welcome email in the same transaction; an email already
/// taken (in any letter case) is a conflict.
/// </summary>
public sealed class SignUpHandler(IAppDbContext db, INotificationOutbox outbox, TimeProvider clock)
{
    public async Task<SignUpResult> HandleAsync(SignUpCommand command, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeEmail(command.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            throw EmailTaken();
        }

        var user = User.Create(command.Email, command.DisplayName, command.Password, clock.GetUtcNow());
        db.Users.Add(user);
        outbox.Enqueue(new NotificationRequest("welcome", user.Email,
            new Dictionary<string, string> { ["name"] = user.DisplayName }, $"welcome:{user.Id}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            throw EmailTaken();
        }

        return new SignUpResult(user.Id);
    }

    private static ConflictException EmailTaken() =>
        new("email-taken", "An account with this email address already exists.");
}
