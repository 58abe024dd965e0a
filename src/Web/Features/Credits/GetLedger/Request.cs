using Scholar.Application.Credits.GetLedger;

namespace Scholar.Web.Features.Credits.GetLedger;

public sealed class Request : ILedgerPageRequest
{
    public int Limit { get; init; } = GetLedgerQuery.DefaultLimit;

    public string? Cursor { get; init; }
}

public sealed class Validator : LedgerPageValidator<Request>;
