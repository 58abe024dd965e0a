using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Domain.Common;
using Scholar.Web.Errors;
using Scholar.Web.Security;

namespace Scholar.Web.Idempotency;

/// <summary>
/// Makes an endpoint honour the <c>Idempotency-Key</c> header (IETF draft): 400 when it is missing,
/// the stored answer replayed byte for byte for a retry, 422 for the key reused with another body,
/// 409 while the first request is still running after a bounded wait. The key is scoped to the
/// caller (<c>sub</c>, or the client id of a service token) and the route, so callers never see
/// each other's answers. Business refusals (409 insufficient credits …) are stored and replayed too.
/// </summary>
public sealed class IdempotentResponder(IdempotentExecution execution)
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set on a replayed answer, so clients and logs can tell a retry from a first run.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Runs <paramref name="operation"/> at most once per key and writes its answer (or the stored one).</summary>
    /// <param name="http">The current request; the answer is written to its response.</param>
    /// <param name="request">The bound request: its canonical JSON is fingerprinted.</param>
    /// <param name="successStatus">Status of a successful first answer (200, 201 …).</param>
    /// <param name="operation">The use case; its result becomes the JSON body.</param>
    /// <param name="cancellationToken">The request's token.</param>
    public Task SendAsync<TRequest, TResult>(
        HttpContext http,
        TRequest request,
        int successStatus,
        Func<CancellationToken, Task<TResult>> operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return SendAsync(http, request, successStatus, (_, ct) => operation(ct), cancellationToken);
    }

    /// <summary>As above, for a use case that records the key itself (a ledger entry's idempotency key): it is given the validated header.</summary>
    public async Task SendAsync<TRequest, TResult>(
        HttpContext http,
        TRequest request,
        int successStatus,
        Func<string, CancellationToken, Task<TResult>> operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(operation);
        var key = ReadKey(http);
        var idempotency = new IdempotencyRequest(Scope(http), key, RequestFingerprint.OfJson(request));

        var (response, replayed) = await execution.ExecuteAsync(
            idempotency,
            async ct => new IdempotentResponse(successStatus, "application/json; charset=utf-8",
                JsonSerializer.SerializeToUtf8Bytes(await operation(key, ct), Json)),
            failure => DescribeFailure(http, failure),
            cancellationToken);

        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        if (replayed)
        {
            http.Response.Headers[ReplayedHeaderName] = "true";
        }

        await http.Response.Body.WriteAsync(response.Body, cancellationToken);
    }

    private static string ReadKey(HttpContext http)
    {
        var values = http.Request.Headers[HeaderName];
        var key = values.Count == 1 ? values[0] : null;
        var problem = values.Count switch
        {
            0 => "is required on this request: send a unique value (e.g. a UUID) and reuse it only to retry the same request.",
            > 1 => "must be sent once.",
            _ when string.IsNullOrWhiteSpace(key) || key.Length > IdempotencyOptions.MaxKeyLength || key.Any(char.IsControl) =>
                $"must be 1 to {IdempotencyOptions.MaxKeyLength} printable characters.",
            _ => null,
        };
        return problem is null
            ? key!
            : throw new InputException(
                IdempotencyProblems.KeyMissing,
                $"The {HeaderName} header {problem}",
                new Dictionary<string, string[]> { [HeaderName] = [problem] });
    }

    /// <summary>Who uses a key where: the caller, the method and the endpoint's route pattern.</summary>
    public static string Scope(HttpContext http)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        return $"{http.User.Describe()} {http.Request.Method} {route}";
    }

    /// <summary>
    /// Business refusals (403, 404, 409: insufficient credits, a funnel limit …) are part of the answer
    /// and are replayed. Bad input (400, 422) writes nothing, and a rate limit (429) must let the same
    /// request through later: those release the key, as does anything unexpected.
    /// </summary>
    private static IdempotentResponse? DescribeFailure(HttpContext http, Exception failure)
    {
        if (failure is not (AppException or DomainException))
        {
            return null;
        }

        var problem = ProblemExceptionHandler.Map(failure);
        if (problem.Status is StatusCodes.Status400BadRequest or StatusCodes.Status422UnprocessableEntity or StatusCodes.Status429TooManyRequests)
        {
            return null;
        }

        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return new IdempotentResponse(problem.Status ?? StatusCodes.Status500InternalServerError, "application/problem+json",
            JsonSerializer.SerializeToUtf8Bytes(problem, Json));
    }
}
