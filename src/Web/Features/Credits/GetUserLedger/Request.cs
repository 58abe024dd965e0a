using Scholar.Application.Credits.GetLedger;

namespace Scholar.Web.Features.Credits.GetUserLedger;

public sealed class Request : ILedgerPageRequest
{
    public Guid UserId { get; init; }

    public int Limit { get; init; } = GetLedgerQuery.DefaultLimit;

    public string? Cursor { get; init; }
}

public sealed class Validator : LedgerPageValidator<Request>;
