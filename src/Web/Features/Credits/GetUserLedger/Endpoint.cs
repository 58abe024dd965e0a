using FastEndpoints;
using Scholar.Application.Credits.GetUserLedger;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Credits.GetUserLedger;

/// <summary>An operator's (or credits.admin service's) view of any user's ledger.</summary>
public sealed class Endpoint(GetUserLedgerHandler handler) : Endpoint<Request, Response>
{
    public const string Route = "/api/ledger/users/{userId}";

    public override void Configure()
    {
        Get(Route);
        Policies(AuthPolicies.CreditsAdmin);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var ledger = await handler.HandleAsync(new GetUserLedgerQuery(req.UserId, req.Limit, req.Cursor), ct);
        await Send.OkAsync(new Response(ledger.UserId, ledger.Balance, ledger.Entries, ledger.NextCursor), ct);
    }
}
