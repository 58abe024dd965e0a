using FastEndpoints;
using Scholar.Application.Credits.ConsumeCredits;
using Scholar.Web.ApiReference;
using Scholar.Web.Idempotency;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Credits.ConsumeCredits;

/// <summary>The caller spends their own credits; Idempotency-Key required; 409 <c>insufficient-credits</c>.</summary>
public sealed class Endpoint(ConsumeCreditsHandler handler, IdempotentResponder idempotency) : Endpoint<Request, Response>
{
    public const string Route = "/api/credits/consume";

    public override void Configure()
    {
        Post(Route);
        Policies(AuthPolicies.Credits);
        Description(b => b.AcceptsIdempotencyKey().ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity));
    }

    public override Task HandleAsync(Request req, CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        return idempotency.SendAsync(HttpContext, req, StatusCodes.Status200OK,
            async (key, c) =>
            {
                var result = await handler.HandleAsync(new ConsumeCreditsCommand(userId, req.Amount, req.Reason, key), c);
                return new Response(result.EntryId, result.Balance);
            },
            ct);
    }
}
