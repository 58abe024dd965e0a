namespace Scholar.Web.ApiReference;

/// <summary>
/// The problem statuses an endpoint's use case can answer with (404 for an unknown id, 409 for a refused
/// transition …), declared beside the route in <c>Configure()</c>. Statuses that follow from the endpoint's
/// metadata (401/403 from its policy, 400 from its input, 429 from its rate limit …) are added by
/// <see cref="OperationContract"/> and need not be repeated.
/// </summary>
public sealed record ProblemStatuses(IReadOnlyList<int> Statuses);

public static class ProblemStatusesExtensions
{
    /// <summary>Documents <paramref name="statuses"/> as <c>application/problem+json</c> answers of this endpoint.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses) =>
        builder.WithMetadata(new ProblemStatuses(statuses));
}
