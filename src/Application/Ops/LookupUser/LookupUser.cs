using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Domain.Auth;
using Scholar.Domain.Payments;

namespace Scholar.Application.Ops.LookupUser;

public sealed record UserPaymentView(Guid PaymentId, string PackageId, int Credits, long AmountCents, string Currency, string Status,
    long RefundedCents, bool Sandbox, DateTimeOffset CreatedAt, DateTimeOffset? FulfilledAt);

public sealed record UserLookup(Guid UserId, string Email, IReadOnlyList<string> Roles, long Balance, IReadOnlyList<UserPaymentView> Payments);

/// <summary>An operator finds a user by email: roles, balance and every payment, newest first (DESIGN.md 10.3).</summary>
public sealed class LookupUserHandler(IAppDbContext db)
{
    public const int MaxPayments = 100;

    public async Task<UserLookup> HandleAsync(string email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > User.MaxEmailLength)
        {
            throw new InputException("validation-failed", "One or more fields are invalid.",
                new Dictionary<string, string[]> { ["email"] = [$"is required: 1 to {User.MaxEmailLength} characters."] });
        }

        var normalized = User.NormalizeEmail(email);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct)
            ?? throw new NotFoundException("A user with this email");
        var balance = await db.CreditAccounts.AsNoTracking().Where(a => a.UserId == user.Id).Select(a => (long?)a.Balance).SingleOrDefaultAsync(ct) ?? 0;
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.UserId == user.Id)
            .OrderByDescending(p => p.CreatedAt)
            .Take(MaxPayments)
            .ToListAsync(ct);
        return new UserLookup(user.Id, user.Email, user.Roles, balance,
            [.. payments.Select(p => new UserPaymentView(p.Id, p.PackageId, p.Credits, p.AmountCents, p.Currency, p.Status.ToContract(),
                p.RefundedCents, p.Sandbox, p.CreatedAt, p.FulfilledAt))]);
    }
}
