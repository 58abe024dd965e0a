using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Common;
using Scholar.Application.Credits.GetBalance;
using Scholar.Application.Credits.GetLedger;
using Scholar.Domain.Credits;

namespace Scholar.IntegrationTests.Credits;

public sealed class LedgerQueryTests(CreditsApiFactory factory) : IClassFixture<CreditsApiFactory>
{
    private Task<LedgerPage> PageAsync(Guid user, int limit, string? cursor) =>
        factory.InScopeAsync(sp => sp.GetRequiredService<GetLedgerHandler>()
            .HandleAsync(new GetLedgerQuery(user, limit, cursor), CancellationToken.None));

    [Fact]
    public async Task Ledger_pages_newest_first_and_the_cursor_walks_to_the_oldest_without_gaps()
    {
        var user = Guid.NewGuid();
        for (var i = 1; i <= 5; i++)
        {
            await factory.AppendAsync(user, LedgerEntryKind.Grant, i, $"g{i}");
        }

        var first = await PageAsync(user, 2, null);
        // An entry arriving between pages shows on no later page and shifts nothing.
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 100, "late");
        var second = await PageAsync(user, 2, first.NextCursor);
        var third = await PageAsync(user, 2, second.NextCursor);

        Assert.Equal([5L, 4L], first.Items.Select(e => e.Delta));
        Assert.Equal([3L, 2L], second.Items.Select(e => e.Delta));
        Assert.Equal([1L], third.Items.Select(e => e.Delta));
        Assert.Null(third.NextCursor);
        Assert.Equal(15, first.Items[0].BalanceAfter);
        Assert.Equal("grant", first.Items[0].Kind);
    }

    [Fact]
    public async Task Ledger_of_a_user_without_credits_is_empty_and_the_balance_zero()
    {
        var user = Guid.NewGuid();

        var page = await PageAsync(user, 50, null);
        var balance = await factory.InScopeAsync(sp => sp.GetRequiredService<GetBalanceHandler>()
            .HandleAsync(new GetBalanceQuery(user), CancellationToken.None));

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(new BalanceResult(0, null), balance);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("AAAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAAAA")]
    public async Task A_tampered_cursor_is_refused_naming_the_cursor(string cursor)
    {
        var refusal = await Assert.ThrowsAsync<InputException>(() => PageAsync(Guid.NewGuid(), 10, cursor));

        Assert.Contains("cursor", refusal.Errors.Keys);
    }

    [Fact]
    public void Cursor_round_trips()
    {
        Assert.Equal(1234567890123L, LedgerCursor.Decode(LedgerCursor.Encode(1234567890123L)));
    }
}
