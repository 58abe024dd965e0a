namespace Scholar.Domain.Ops;

/// <summary>Route-template groups whose P95 the KPIs report against the 120 ms target (DESIGN.md 8.1).</summary>
public static class LatencyGroups
{
    public const string Messaging = "messaging";
    public const string Ledger = "ledger";

    public static IReadOnlyList<string> All { get; } = [Messaging, Ledger];

    public static string? GroupOf(string routeTemplate)
    {
        var route = "/" + routeTemplate.TrimStart('/');
        if (route is "/api/send" or "/send-notification")
        {
            return Messaging;
        }

        return route.StartsWith("/api/credits/", StringComparison.Ordinal) || route.StartsWith("/api/ledger/", StringComparison.Ordinal)
            ? Ledger
            : null;
    }
}
