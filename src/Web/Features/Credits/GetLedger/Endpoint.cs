using FastEndpoints;
using Scholar.Application.Credits.GetLedger;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Credits.GetLedger;

/// <summary>The caller's own ledger, newest first, by opaque keyset cursor.</summary>
public sealed class Endpoint(GetLedgerHandler handler) : Endpoint<Request, Response>
{
    public const string Route = "/api/credits/ledger";

    public override void Configure()
    {
        Get(Route);
        Policies(AuthPolicies.Credits);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var page = await handler.HandleAsync(new GetLedgerQuery(User.RequiredUserId(), req.Limit, req.Cursor), ct);
        await Send.OkAsync(new Response(page.Items, page.NextCursor), ct);
    }
}
