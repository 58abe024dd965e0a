namespace Scholar.Web.Features.Ops.StartValidationRun;

public sealed class Request
{
    /// <summary>True for a run on the sandbox gateway (no real money; its TFF$ is labelled sandbox).</summary>
    public bool Sandbox { get; init; }
}
