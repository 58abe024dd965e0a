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

    /// <summary>
    /// False only while the first run of a unit this runner owns is in progress. A first run can take a
    /// new fact for new (a repeat makes its insert fail on a unique index the runner retries on, and the
    /// rerun finds the earlier row); a rerun, or work in a transaction the runner does not own, must look
    /// for the earlier row first.
    /// </summary>
    bool IsRerun { get; }
}
