using FastEndpoints;

namespace Scholar.Web.Features.Ops.SecretsCheck;

public sealed class Request
{
    /// <summary>One app name (e.g. <c>provider_register</c>); all apps when absent.</summary>
    [QueryParam]
    public string? App { get; init; }
}
