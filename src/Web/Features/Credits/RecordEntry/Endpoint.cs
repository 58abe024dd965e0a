using System.Diagnostics;
using Scholar.Web.ApiReference;
using FastEndpoints;
using Scholar.Application.Credits;
using Scholar.Application.Credits.RecordEntry;
using Scholar.Domain.Credits;
using Scholar.Web.Idempotency;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Credits.RecordEntry;

/// <summary>An operator or credits.admin service adjusts or grants credits; Idempotency-Key required; 201 with the entry.</summary>
public sealed class Endpoint(RecordEntryHandler handler, IdempotentResponder idempotency) : Endpoint<Request, LedgerEntryView>
{
    public const string Route = "/api/ledger/entries";

    public override void Configure()
    {
        Post(Route);
        Policies(AuthPolicies.CreditsAdmin);
        Description(b => b.ClearDefaultProduces(StatusCodes.Status200OK).Produces<LedgerEntryView>(StatusCodes.Status201Created)
            .AcceptsIdempotencyKey()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity));
    }

    public override Task HandleAsync(Request req, CancellationToken ct)
    {
        var kind = LedgerEntryKinds.TryParseWireName(req.Kind, out var parsed)
            ? parsed
            : throw new UnreachableException("The validator admits only adjustment and grant.");
        return idempotency.SendAsync(HttpContext, req, StatusCodes.Status201Created,
            (key, c) => handler.HandleAsync(new RecordEntryCommand(User.Describe(), req.UserId, req.Delta, kind, req.Reason, key), c), ct);
    }
}
