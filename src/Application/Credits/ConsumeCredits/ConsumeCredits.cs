using Scholar.Application.Abstractions;
using Scholar.Domain.Credits;

namespace Scholar.Application.Credits.ConsumeCredits;

/// <summary>Spend <c>Amount</c> credits; the client's Idempotency-Key makes a retry consume nothing more.</summary>
public sealed record ConsumeCreditsCommand(Guid UserId, long Amount, string Reason, string IdempotencyKey);

public sealed record ConsumeCreditsResult(Guid EntryId, long Balance);

/// <summary>A student spends their own credits; refused with <c>insufficient-credits</c> rather than overdrawn.</summary>
public sealed class ConsumeCreditsHandler(ICreditLedger ledger, ITransactionRunner transactions)
{
    public const string Source = "api";

    public Task<ConsumeCreditsResult> HandleAsync(ConsumeCreditsCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return transactions.ExecuteAsync(
            async ct =>
            {
                var result = await ledger.AppendAsync(
                    new LedgerAppend(
                        command.UserId,
                        LedgerEntryKind.Consumption,
                        -command.Amount,
                        command.Reason,
                        Source,
                        SourceId: null,
                        IdempotencyKey: $"consume:{command.IdempotencyKey}",
                        CreatedBy: $"user:{command.UserId}"),
                    ct);
                return new ConsumeCreditsResult(result.Entry.Id, result.Balance);
            },
            cancellationToken);
    }
}
