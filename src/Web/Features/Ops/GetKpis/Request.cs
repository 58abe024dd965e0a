using FastEndpoints;

namespace Scholar.Web.Features.Ops.GetKpis;

public sealed class Request
{
    [QueryParam]
    public string? Window { get; init; }
}
