using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops;
using Scholar.Domain.Credits;

namespace Scholar.Application.Credits.RecordEntry;

/// <summary>
/// An adjustment or grant by <c>Actor</c> (<c>user:{id}</c> for an operator, <c>client:{id}</c> for a service).
/// </summary>
public sealed record RecordEntryCommand(string Actor, Guid UserId, long Delta, LedgerEntryKind Kind, string Reason, string IdempotencyKey);

/// <summary>An operator or service adjusts or grants credits; an adjustment never overdraws.</summary>
public sealed class RecordEntryHandler(IAppDbContext db, ICreditLedger ledger, ITransactionRunner transactions, IAuditLog audit)
{
    public const string Source = "operator";

    public static bool IsAllowed(LedgerEntryKind kind) => kind is LedgerEntryKind.Adjustment or LedgerEntryKind.Grant;

    public Task<LedgerEntryView> HandleAsync(RecordEntryCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!IsAllowed(command.Kind))
        {
            throw new ArgumentException("Only adjustments and grants are recorded here.", nameof(command));
        }

        return transactions.ExecuteAsync(
            async ct =>
            {
                if (!await db.Users.AnyAsync(u => u.Id == command.UserId, ct))
                {
                    throw new NotFoundException("The user");
                }

                // Keys are scoped to the actor: two operators cannot collide on each other's keys.
                var result = await ledger.AppendAsync(
                    new LedgerAppend(
                        command.UserId,
                        command.Kind,
                        command.Delta,
                        command.Reason,
                        Source,
                        SourceId: null,
                        IdempotencyKey: $"entry:{command.Actor}:{command.IdempotencyKey}",
                        CreatedBy: command.Actor),
                    ct);

                // In the ledger's transaction: a grant is audited exactly when it is recorded; a replay records nothing.
                if (!result.Replayed)
                {
                    audit.Record(command.Actor, $"credits.{command.Kind.ToString().ToLowerInvariant()}", $"user:{command.UserId}",
                        new { entryId = result.Entry.Id, command.Delta, command.Reason, balanceAfter = result.Balance });
                }

                return LedgerEntryView.From(result.Entry);
            },
            cancellationToken);
    }
}
