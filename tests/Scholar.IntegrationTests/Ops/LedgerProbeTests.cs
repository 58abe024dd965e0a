using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Ops;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Ops;

public sealed class LedgerProbeTests(OpsApiFactory factory) : IClassFixture<OpsApiFactory>
{
    [Fact]
    public async Task Probe_writes_reads_back_and_reverses_in_a_rolled_back_transaction_leaving_no_ledger_rows_and_passes_gate_3()
    {
        await factory.Services.GetRequiredService<LedgerProbe>().RunOnceAsync(CancellationToken.None);
        await factory.Services.GetRequiredService<LedgerProbe>().RunOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var latest = await db.ProbeResults.Where(p => p.Probe == ProbeResult.LedgerProbe).OrderByDescending(p => p.At).FirstAsync();
        Assert.True(latest.Succeeded, latest.Error);
        Assert.True(await db.ProbeResults.CountAsync(p => p.Probe == ProbeResult.LedgerProbe && p.Succeeded) >= 2);
        // ADR 0042: the probe's writes are rolled back, so the append-only ledger keeps none of them.
        Assert.Equal(0, await db.LedgerEntries.CountAsync(e => e.Source == LedgerProbe.Source));
        Assert.False(await db.CreditAccounts.AnyAsync(a => a.UserId == LedgerProbe.ProbeAccountUserId && a.Balance != 0));

        var gates = await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<JsonElement>("/api/ops/gates");
        var gate3 = gates.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == 3);
        Assert.Equal("pass", gate3.GetProperty("status").GetString());
    }
}
