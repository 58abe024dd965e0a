using Scholar.Domain.Common;
using Scholar.Domain.Credits;

namespace Scholar.Domain.Tests.Credits;

public sealed class CreditAccountTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static LedgerEntryDraft Draft(LedgerEntryKind kind, long delta, string key = "k1") =>
        new(kind, delta, "test", "tests", null, key, new string('a', 64), "user:test");

    private static CreditAccount AccountWith(long balance)
    {
        var account = new CreditAccount(Guid.NewGuid(), Now);
        if (balance > 0)
        {
            account.Append(Draft(LedgerEntryKind.Grant, balance, "seed"), Now);
        }

        return account;
    }

    [Fact]
    public void Append_moves_the_balance_and_records_it_on_the_entry()
    {
        var account = AccountWith(100);

        var entry = account.Append(Draft(LedgerEntryKind.Consumption, -30), Now.AddMinutes(1));

        Assert.Equal(70, account.Balance);
        Assert.Equal(70, entry.BalanceAfter);
        Assert.Equal(-30, entry.Delta);
        Assert.Equal(account.Id, entry.AccountId);
        Assert.Equal(2, account.Version);
        Assert.Equal(Now.AddMinutes(1), account.UpdatedAt);
    }

    [Fact]
    public void Consume_refuses_when_balance_is_short()
    {
        var account = AccountWith(10);

        var refusal = Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Consumption, -11), Now));

        Assert.Equal("insufficient-credits", refusal.Code);
        Assert.Equal(10, account.Balance);
        Assert.Equal(1, account.Version);
    }

    [Fact]
    public void Consume_may_take_the_balance_to_exactly_zero()
    {
        var account = AccountWith(10);

        account.Append(Draft(LedgerEntryKind.Consumption, -10), Now);

        Assert.Equal(0, account.Balance);
    }

    [Fact]
    public void Negative_adjustment_never_overdraws()
    {
        var account = AccountWith(5);

        var refusal = Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Adjustment, -6), Now));

        Assert.Equal("insufficient-credits", refusal.Code);
        Assert.Equal(5, account.Balance);
    }

    [Theory]
    [InlineData(LedgerEntryKind.Refund)]
    [InlineData(LedgerEntryKind.Dispute)]
    [InlineData(LedgerEntryKind.Reversal)]
    public void Reversal_kinds_are_recorded_in_full_even_below_zero(LedgerEntryKind kind)
    {
        var account = AccountWith(3);

        var entry = account.Append(Draft(kind, -10), Now);

        Assert.Equal(-7, account.Balance);
        Assert.Equal(-7, entry.BalanceAfter);
    }

    [Fact]
    public void Consumption_is_refused_while_the_balance_is_negative()
    {
        var account = AccountWith(3);
        account.Append(Draft(LedgerEntryKind.Refund, -10, "refund"), Now);

        Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Consumption, -1), Now));
        Assert.Equal(-7, account.Balance);
    }

    [Theory]
    [InlineData(LedgerEntryKind.Purchase)]
    [InlineData(LedgerEntryKind.Grant)]
    [InlineData(LedgerEntryKind.Adjustment)]
    public void Credits_added_to_a_negative_balance_are_recorded(LedgerEntryKind kind)
    {
        var account = AccountWith(3);
        account.Append(Draft(LedgerEntryKind.Dispute, -10, "dispute"), Now);

        var entry = account.Append(Draft(kind, 4), Now);

        Assert.Equal(-3, entry.BalanceAfter);
        Assert.Equal(-3, account.Balance);
    }

    [Theory]
    [InlineData(LedgerEntryKind.Purchase, -1)]
    [InlineData(LedgerEntryKind.Grant, -1)]
    [InlineData(LedgerEntryKind.Consumption, 1)]
    [InlineData(LedgerEntryKind.Refund, 1)]
    [InlineData(LedgerEntryKind.Dispute, 1)]
    public void Entry_with_the_wrong_sign_for_its_kind_is_refused(LedgerEntryKind kind, long delta)
    {
        var account = AccountWith(100);

        var refusal = Assert.Throws<DomainException>(() => account.Append(Draft(kind, delta), Now));

        Assert.Equal("invalid-ledger-entry", refusal.Code);
        Assert.Equal(100, account.Balance);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(LedgerEntry.MaxDelta + 1)]
    [InlineData(-LedgerEntry.MaxDelta - 1)]
    [InlineData(long.MinValue)]
    public void Zero_or_absurd_deltas_are_refused(long delta)
    {
        var account = AccountWith(100);

        Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Adjustment, delta), Now));
        Assert.Equal(100, account.Balance);
    }

    [Fact]
    public void Entry_without_reason_or_idempotency_key_is_refused()
    {
        var account = AccountWith(100);

        Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Grant, 1) with { Reason = " " }, Now));
        Assert.Throws<DomainException>(() => account.Append(Draft(LedgerEntryKind.Grant, 1) with { IdempotencyKey = "" }, Now));
        Assert.Equal(100, account.Balance);
    }

    [Fact]
    public void Kind_wire_names_round_trip_and_reject_unknown_names()
    {
        foreach (var kind in Enum.GetValues<LedgerEntryKind>())
        {
            Assert.True(LedgerEntryKinds.TryParseWireName(kind.ToWireName(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(LedgerEntryKinds.TryParseWireName("Grant", out _));
        Assert.False(LedgerEntryKinds.TryParseWireName("7", out _));
        Assert.False(LedgerEntryKinds.TryParseWireName(null, out _));
    }
}
