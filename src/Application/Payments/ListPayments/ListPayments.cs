using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Payments;

namespace Scholar.Application.Payments.ListPayments;

/// <param name="Status">One status (contract spelling), or null for all.</param>
/// <param name="Before">Paging: only payments created before this instant.</param>
/// <param name="Limit">Page size, at most <see cref="ListPaymentsHandler.MaxLimit"/>.</param>
public sealed record ListPaymentsQuery(PaymentStatus? Status, DateTimeOffset? Before, int Limit = 50);

public sealed record PaymentSummary(
    Guid PaymentId,
    string CustomerEmail,
    string PackageId,
    int Credits,
    long AmountCents,
    string Currency,
    string Status,
    bool Livemode,
    bool Sandbox,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FulfilledAt);

public sealed record PaymentPage(IReadOnlyList<PaymentSummary> Items, DateTimeOffset? NextBefore);

/// <summary>Every student's payments for operators, newest first, optionally of one status.</summary>
public sealed class ListPaymentsHandler(IAppDbContext db)
{
    public const int MaxLimit = 200;

    public async Task<PaymentPage> HandleAsync(ListPaymentsQuery query, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        var payments = db.Payments.AsNoTracking();
        if (query.Status is { } status)
        {
            payments = payments.Where(p => p.Status == status);
        }

        if (query.Before is { } before)
        {
            payments = payments.Where(p => p.CreatedAt < before);
        }

        var rows = await payments.OrderByDescending(p => p.CreatedAt).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(Summarize).ToList();
        return new PaymentPage(items, rows.Count > limit ? items[^1].CreatedAt : null);
    }

    public static PaymentSummary Summarize(Payment p) =>
        new(p.Id, p.CustomerEmail, p.PackageId, p.Credits, p.AmountCents, p.Currency, p.Status.ToContract(), p.Livemode, p.Sandbox, p.CreatedAt, p.FulfilledAt);

    /// <summary>Reads a status in the contract's spelling (<c>needs_review</c>); null when it names none.</summary>
    public static PaymentStatus? ParseStatus(string? name) =>
        Enum.GetValues<PaymentStatus>().Cast<PaymentStatus?>().FirstOrDefault(s => s!.Value.ToContract() == name);
}
