using FastEndpoints;
using Scholar.Application.Credits.GetBalance;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Credits.GetBalance;

public sealed record Response(long Balance, DateTimeOffset? UpdatedAt);

/// <summary>The caller's own balance.</summary>
public sealed class Endpoint(GetBalanceHandler handler) : EndpointWithoutRequest<Response>
{
    public const string Route = "/api/credits/balance";

    public override void Configure()
    {
        Get(Route);
        Policies(AuthPolicies.Credits);
        Description(b => b.ClearDefaultAccepts());
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var balance = await handler.HandleAsync(new GetBalanceQuery(User.RequiredUserId()), ct);
        await Send.OkAsync(new Response(balance.Balance, balance.UpdatedAt), ct);
    }
}
