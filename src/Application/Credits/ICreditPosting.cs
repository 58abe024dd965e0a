using Scholar.Domain.Credits;

namespace Scholar.Application.Credits;

// TEMPORARY (payments branch): replaced by the credits module's append service at merge.
public sealed record CreditPosting(Guid UserId, int Delta, LedgerEntryKind Kind, string Reason, string Source, string SourceId, string CreatedBy);

public interface ICreditPosting
{
    Task PostAsync(CreditPosting posting, CancellationToken ct);
}
