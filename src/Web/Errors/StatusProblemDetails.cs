using Microsoft.AspNetCore.WebUtilities;

namespace Scholar.Web.Errors;

/// <summary>
/// Problems the framework writes for a bare status code (401 from authentication, 405 from routing,
/// 415 from FastEndpoints, 400 from antiforgery …) carry only a title; this adds the one-line detail
/// the contract promises every error. Problems that already say what went wrong keep their detail.
/// </summary>
public static class StatusProblemDetails
{
    public static void Configure(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= DetailFor(context.HttpContext.Request.Method, context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);

    /// <summary>FastEndpoints' binding and validation problems name each field; the detail sums them up.</summary>
    public static void ConfigureFastEndpoints(FastEndpoints.ErrorOptions.ProblemDetailsConfig options) =>
        options.DetailTransformer = problem => "One or more fields are invalid: "
            + string.Join("; ", problem.Errors.Take(3).Select(e => $"{e.Name}: {e.Reason}"))
            + (problem.Errors.Count > 3 ? "; …" : ".");

    public static string DetailFor(string method, int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request could not be processed as sent: check its body, headers and parameters.",
        StatusCodes.Status401Unauthorized => "Authentication is required: send a valid bearer token, or the signature this endpoint accepts.",
        StatusCodes.Status403Forbidden => "The credentials presented do not allow this action.",
        StatusCodes.Status404NotFound => "Nothing exists at this address.",
        StatusCodes.Status405MethodNotAllowed => $"This endpoint does not accept {method} requests.",
        StatusCodes.Status406NotAcceptable => "None of the media types in the Accept header can be produced here.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request's Content-Type is not one this endpoint accepts; JSON endpoints take application/json in UTF-8.",
        StatusCodes.Status429TooManyRequests => "Too many requests: wait for the time in Retry-After, then try again.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request failed.",
    };
}
