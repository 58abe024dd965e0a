using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Scholar.Application.Common;
using Scholar.Domain.Common;

namespace Scholar.Web.Errors;

/// <summary>
/// The one place exceptions become RFC 9457 problems. Known failures keep their message; anything
/// else is a 500 that says nothing about internals (the details go to the log and Sentry).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public const string TypeBase = "https://scholar.dev/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is TooManyRequestsException limited)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(limited.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Handled either way: a client whose Accept rules out JSON gets the status without a body, not a 500.
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
        return true;
    }

    public static ProblemDetails Map(Exception exception) => exception switch
    {
        ValidationException v => Create(StatusCodes.Status400BadRequest, "validation-failed", "One or more fields are invalid.",
            v.Errors.Select(e => new FieldError(e.PropertyName, e.ErrorMessage))),
        InputException i => Create(i.Status, i.Code, i.Message,
            i.Errors.SelectMany(kv => kv.Value.Select(reason => new FieldError(kv.Key, reason)))),
        UnprocessableException u => Create(u.Status, u.Code, u.Message,
            u.Errors.SelectMany(kv => kv.Value.Select(reason => new FieldError(kv.Key, reason)))),
        AppException a => Create(a.Status, a.Code, a.Message),
        DomainException d => Create(StatusCodes.Status409Conflict, d.Code, d.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } b => Create(b.StatusCode, "payload-too-large", b.Message),
        BadHttpRequestException b => Create(b.StatusCode, "bad-request", "The request could not be read."),
        // The form reader's verdict on a malformed body (NUL or bad escapes in a value, too many fields).
        InvalidDataException => Create(StatusCodes.Status400BadRequest, "bad-request", "The request body is not well-formed form data."),
        // PostgreSQL refuses NUL and undecodable characters in text: they can only have come from the request.
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
            Create(StatusCodes.Status400BadRequest, "invalid-characters", "The request contains characters that cannot be stored, such as NUL (\\u0000)."),
        OperationCanceledException => Create(499, "request-cancelled", "The request was cancelled."),
        _ => Create(StatusCodes.Status500InternalServerError, "internal-error", "An unexpected error occurred. Quote the traceId when reporting it."),
    };

    public static ProblemDetails Create(int status, string code, string detail, IEnumerable<FieldError>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypeBase + code,
            Title = Title(code),
            Detail = detail,
        };
        var list = errors?.ToList();
        if (list is { Count: > 0 })
        {
            problem.Extensions["errors"] = list;
        }

        return problem;
    }

    private static string Title(string code) =>
        string.Concat(code.Replace('-', ' ').Select((c, i) => i == 0 ? char.ToUpperInvariant(c) : c));

    public sealed record FieldError(string Name, string Reason);
}
