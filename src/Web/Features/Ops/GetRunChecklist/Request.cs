namespace Scholar.Web.Features.Ops.GetRunChecklist;

public sealed class Request
{
    public Guid Id { get; init; }
}
