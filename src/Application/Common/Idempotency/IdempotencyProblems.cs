namespace Scholar.Application.Common.Idempotency;

/// <summary>Problem codes of the idempotency contract.</summary>
public static class IdempotencyProblems
{
    public const string KeyMissing = "idempotency-key-missing";
    public const string KeyReused = "idempotency-key-reused";
    public const string InFlight = "idempotency-key-in-flight";
}
