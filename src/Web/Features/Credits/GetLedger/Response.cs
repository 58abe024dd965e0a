using Scholar.Application.Credits;

namespace Scholar.Web.Features.Credits.GetLedger;

public sealed record Response(IReadOnlyList<LedgerEntryView> Items, string? NextCursor);
