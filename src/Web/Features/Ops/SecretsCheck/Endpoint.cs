using FastEndpoints;
using Scholar.Application.Ops.SecretsCheck;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.SecretsCheck;

/// <summary>DESIGN.md 5 "Ops": per app, every expected name with its presence and source; never a value.</summary>
public sealed class Endpoint(SecretsCheckHandler handler) : Endpoint<Request, Dictionary<string, IReadOnlyList<SecretsCheckItem>>>
{
    public override void Configure()
    {
        Get("/api/ops/secrets-check");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var apps = await handler.HandleAsync(new SecretsCheckQuery(req.App), ct);
        await Send.OkAsync(apps.ToDictionary(a => a.App, a => a.Settings), ct);
    }
}
