namespace Scholar.Application.Common;

/// <summary>
/// Use-case failures that map to one HTTP problem each. <see cref="Code"/> becomes the problem's
/// type suffix and title key; <see cref="Exception.Message"/> is shown to the caller, so it must
/// never contain a secret.
/// </summary>
public abstract class AppException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The status of its problem, the one mapping every surface (API, console) answers with.</summary>
    public abstract int Status { get; }
}

public sealed class NotFoundException(string what) : AppException("not-found", $"{what} was not found.")
{
    public override int Status => 404;
}

public sealed class ConflictException(string code, string message) : AppException(code, message)
{
    public override int Status => 409;
}

public sealed class ForbiddenException(string code, string message) : AppException(code, message)
{
    public override int Status => 403;
}

/// <summary>Input that passed shape validation but is refused by a use case, per field.</summary>
public sealed class InputException(string code, string message, IReadOnlyDictionary<string, string[]> errors)
    : AppException(code, message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public override int Status => 400;
}

/// <summary>
/// A well-formed request the use case cannot act on (422): an unknown template, missing variables, an
/// Idempotency-Key reused for a different request. <see cref="Errors"/> names the fields, when there are any.
/// </summary>
public sealed class UnprocessableException(string code, string message, IReadOnlyDictionary<string, string[]>? errors = null)
    : AppException(code, message)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    public override int Status => 422;
}

/// <summary>The caller asked too often; it may try again after <see cref="RetryAfter"/> (429 with <c>Retry-After</c>).</summary>
public sealed class TooManyRequestsException(string code, string message, TimeSpan retryAfter) : AppException(code, message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public override int Status => 429;
}
