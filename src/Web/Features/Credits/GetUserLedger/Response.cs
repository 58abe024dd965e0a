using Scholar.Application.Credits;

namespace Scholar.Web.Features.Credits.GetUserLedger;

public sealed record Response(Guid UserId, long Balance, IReadOnlyList<LedgerEntryView> Entries, string? NextCursor);
