namespace Scholar.Web.Features.Ops.StopValidationRun;

public sealed class Request
{
    public Guid Id { get; init; }
}
