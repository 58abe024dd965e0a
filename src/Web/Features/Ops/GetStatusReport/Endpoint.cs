using FastEndpoints;
using Scholar.Application.Ops.GetStatusReport;
using Scholar.Web.ApiReference;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.GetStatusReport;

public sealed class Request
{
    public string App { get; init; } = "";

    [QueryParam]
    public string? Window { get; init; }
}

/// <summary>"Production Status Report: &lt;app&gt;" as <c>text/markdown</c> (DESIGN.md 8.4).</summary>
public sealed class Endpoint(GetStatusReportHandler handler) : Endpoint<Request>
{
    public override void Configure()
    {
        Get("/api/ops/status-report/{app}");
        Policies(AuthPolicies.Operator);
        Description(b => b.ClearDefaultAccepts().Produces<string>(StatusCodes.Status200OK, "text/markdown").ProducesProblems(StatusCodes.Status404NotFound));
    }

    public override async Task HandleAsync(Request req, CancellationToken ct) =>
        await Send.StringAsync(await handler.HandleAsync(new GetStatusReportQuery(req.App, req.Window), ct), contentType: "text/markdown; charset=utf-8", cancellation: ct);
}
