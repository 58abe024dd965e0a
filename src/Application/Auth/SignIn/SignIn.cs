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
/// </summary>
public sealed class SignInHandler(IAppDbContext db, TimeProvider clock)
{
    public async Task<SignInResult> HandleAsync(SignInCommand command, CancellationToken cancellationToken)
    {
        var normalized = User.NormalizeEmail(command.Email);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            Passwords.VerifyNothing(command.Password);
            return new SignInResult(SignInOutcome.InvalidCredentials, null);
        }

        var outcome = user.SignIn(command.Password, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(outcome, outcome == SignInOutcome.Succeeded ? user : null);
    }
}
