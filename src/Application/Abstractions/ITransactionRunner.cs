namespace Scholar.Application.Abstractions;

/// <summary>
/// Runs a use case as one database transaction: saves, commits, and on a serialization failure or
/// deadlock rolls back and runs the work again from the start (so the work must only touch the
/// database through the context). Work started inside an open transaction joins it instead: the
/// owner of that transaction commits and retries.
/// </summary>
public interface ITransactionRunner
{
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken);
}
