using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Auth;

namespace Scholar.Application.Auth.SignIn;

public sealed record SignInCommand(string Email, string Password);

public sealed record SignInResult(SignInOutcome Outcome, User? User)
{
    public bool Succeeded => Outcome == SignInOutcome.Succeeded;
}

/// <summary>
/// Checks an email and password for the login page and the password grant. An unknown email costs
/// the same hashing work as a wrong password, so timing does not reveal which accounts exist.
/// The user's row is locked while the attempt is checked and recorded, so concurrent wrong guesses
/// are counted one after another and cannot slip past the lockout together.
/// </summary>
public sealed class SignInHandler(IAppDbContext db, ITransactionRunner transactions, TimeProvider clock)
{
    public Task<SignInResult> HandleAsync(SignInCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var normalized = User.NormalizeEmail(command.Email);
        return transactions.ExecuteAsync(
            async ct =>
            {
                var user = await db.Users.FromSql($"SELECT * FROM users WHERE normalized_email = {normalized} FOR UPDATE")
                    .SingleOrDefaultAsync(ct);
                if (user is null)
                {
                    Passwords.VerifyNothing(command.Password);
                    return new SignInResult(SignInOutcome.InvalidCredentials, null);
                }

                var outcome = user.SignIn(command.Password, clock.GetUtcNow());
                return new SignInResult(outcome, outcome == SignInOutcome.Succeeded ? user : null);
            },
            cancellationToken);
    }
}
