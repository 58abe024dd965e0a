namespace Scholar.Application.Ops;

public sealed record FailureReason(string Reason, int Count);

/// <summary>Delivery attempts on one hop in a window; the rate is null when there were none.</summary>
public sealed record HopKpi(string Hop, int Attempts, int Successes, double? SuccessRate, IReadOnlyList<FailureReason> Failures);

/// <summary>Eventual success of the receipt hop: receipts accepted by auto_com_center / receipts due.</summary>
public sealed record ReceiptKpi(int Due, int Accepted, double? EventualSuccessRate);

public sealed record DeliverabilityKpi(int Sent, int Delivered, int Bounced, int Spam, int Failed, string? LastError);

public sealed record AttemptView(string Hop, string Direction, string Key, int? StatusCode, string Outcome, int DurationMs, string? Error, DateTimeOffset At);

public sealed record DeliveryKpis(IReadOnlyList<HopKpi> Hops, ReceiptKpi Receipts, DeliverabilityKpi Deliverability);
