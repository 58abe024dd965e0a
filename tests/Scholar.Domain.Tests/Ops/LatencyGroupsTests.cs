using Scholar.Domain.Ops;

namespace Scholar.Domain.Tests.Ops;

public sealed class LatencyGroupsTests
{
    [Theory]
    [InlineData("/api/send", LatencyGroups.Messaging)]
    [InlineData("send-notification", LatencyGroups.Messaging)]
    [InlineData("/api/credits/balance", LatencyGroups.Ledger)]
    [InlineData("/api/ledger/users/{userId}", LatencyGroups.Ledger)]
    [InlineData("/api/info", null)]
    [InlineData("/api/sender", null)]
    public void Routes_fall_into_the_KPI_groups(string route, string? group) => Assert.Equal(group, LatencyGroups.GroupOf(route));
}
