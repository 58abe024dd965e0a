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
    public async Task Probe_writes_reads_back_and_reverses_on_the_probe_account_and_passes_gate_3()
    {
        await factory.Services.GetRequiredService<LedgerProbe>().RunOnceAsync(CancellationToken.None);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var latest = await db.ProbeResults.Where(p => p.Probe == ProbeResult.LedgerProbe).OrderByDescending(p => p.At).FirstAsync();
        Assert.True(latest.Succeeded, latest.Error);
        var account = await db.CreditAccounts.SingleAsync(a => a.UserId == LedgerProbe.ProbeAccountUserId);
        var entries = await db.LedgerEntries.Where(e => e.AccountId == account.Id).ToListAsync();
        Assert.Equal(0, account.Balance);
        Assert.Equal(0, entries.Sum(e => e.Delta));
        Assert.Contains(entries, e => e.Delta == 1);
        Assert.Contains(entries, e => e.Delta == -1);

        var gates = await (await factory.ClientAsAsync("operator")).GetFromJsonAsync<JsonElement>("/api/ops/gates");
        var gate3 = gates.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == 3);
        Assert.Equal("pass", gate3.GetProperty("status").GetString());
    }
}
