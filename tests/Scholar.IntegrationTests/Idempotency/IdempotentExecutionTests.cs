using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Common.Idempotency;
using Scholar.Application.Credits.ConsumeCredits;
using Scholar.Domain.Common;
using Scholar.Domain.Credits;
using Scholar.Infrastructure.Idempotency;
using Scholar.IntegrationTests.Credits;

namespace Scholar.IntegrationTests.Idempotency;

/// <summary>The reusable Idempotency-Key component on real PostgreSQL, below HTTP.</summary>
public sealed class IdempotentExecutionTests(CreditsApiFactory factory) : IClassFixture<CreditsApiFactory>
{
    private static IdempotencyRequest NewRequest(string hash = "h1") =>
        new($"user:{Guid.NewGuid()} POST /tests", "key-1", RequestFingerprint.OfParts(hash));

    private static IdempotentResponse Ok(string body) => new(200, "application/json", Encoding.UTF8.GetBytes(body));

    private Task<(IdempotentResponse Response, bool Replayed)> ExecuteAsync(
        IdempotencyRequest request,
        Func<IServiceProvider, CancellationToken, Task<IdempotentResponse>> operation,
        Func<Exception, IdempotentResponse?>? describeFailure = null,
        TimeSpan? inFlightWait = null) =>
        factory.InScopeAsync(sp =>
        {
            var execution = new IdempotentExecution(
                sp.GetRequiredService<IIdempotencyStore>(),
                sp.GetRequiredService<ITransactionRunner>(),
                Options.Create(new IdempotencyOptions { InFlightWait = inFlightWait ?? TimeSpan.FromSeconds(30) }),
                TimeProvider.System);
            return execution.ExecuteAsync(request, ct => operation(sp, ct), describeFailure ?? (_ => null), CancellationToken.None);
        });

    private Task<IdempotencyClaimResult> ClaimAsync(IdempotencyRequest request) =>
        factory.InScopeAsync(sp => sp.GetRequiredService<IIdempotencyStore>().TryClaimAsync(request, CancellationToken.None));

    private async Task SqlAsync(string sql, IdempotencyRequest request)
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("scope", request.Scope) } };
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Same_key_fired_twenty_times_concurrently_consumes_once_and_answers_identically()
    {
        var user = Guid.NewGuid();
        await factory.AppendAsync(user, LedgerEntryKind.Grant, 100, "seed");
        var request = new IdempotencyRequest($"user:{user} POST /api/credits/consume", "same", RequestFingerprint.OfParts("10"));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => ExecuteAsync(request, async (sp, ct) =>
        {
            var result = await sp.GetRequiredService<ConsumeCreditsHandler>()
                .HandleAsync(new ConsumeCreditsCommand(user, 10, "lesson", "same"), ct);
            return Ok($"{{\"entryId\":\"{result.EntryId}\",\"balance\":{result.Balance}}}");
        }))));

        Assert.Single(answers, a => !a.Replayed);
        Assert.All(answers, a => Assert.Equal(answers[0].Response.Body, a.Response.Body));
        Assert.All(answers, a => Assert.Equal(200, a.Response.StatusCode));
        Assert.Equal((90L, 90L, 2), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Same_key_with_a_different_request_is_refused_as_unprocessable()
    {
        var request = NewRequest("first body");
        await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("1")));
        var runs = 0;

        var refusal = await Assert.ThrowsAsync<UnprocessableException>(() =>
            ExecuteAsync(request with { RequestHash = RequestFingerprint.OfParts("second body") }, (_, _) =>
            {
                runs++;
                return Task.FromResult(Ok("2"));
            }));

        Assert.Equal(IdempotencyProblems.KeyReused, refusal.Code);
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task Duplicate_waits_for_the_first_to_complete_and_replays_its_answer()
    {
        var request = NewRequest();
        var first = await ClaimAsync(request);
        Assert.Equal(IdempotencyClaimState.Claimed, first.State);

        var duplicate = ExecuteAsync(request, (_, _) => throw new InvalidOperationException("must not run"));
        await Task.Delay(100);
        Assert.False(duplicate.IsCompleted);
        await factory.InScopeAsync(sp => sp.GetRequiredService<ITransactionRunner>().ExecuteAsync(async ct =>
        {
            await sp.GetRequiredService<IIdempotencyStore>().CompleteAsync(first.Claim!, Ok("first answer"), ct);
            return true;
        }, CancellationToken.None));

        var (response, replayed) = await duplicate;
        Assert.True(replayed);
        Assert.Equal("first answer", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Duplicate_still_in_flight_after_the_bounded_wait_is_told_409()
    {
        var request = NewRequest();
        Assert.Equal(IdempotencyClaimState.Claimed, (await ClaimAsync(request)).State);

        var refusal = await Assert.ThrowsAsync<ConflictException>(() =>
            ExecuteAsync(request, (_, _) => Task.FromResult(Ok("x")), inFlightWait: TimeSpan.FromMilliseconds(50)));

        Assert.Equal(IdempotencyProblems.InFlight, refusal.Code);
    }

    [Fact]
    public async Task Unexpected_failure_releases_the_key_so_a_retry_runs()
    {
        var request = NewRequest();
        await Assert.ThrowsAsync<TimeoutException>(() => ExecuteAsync(request, (_, _) => throw new TimeoutException("upstream")));

        var (response, replayed) = await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("second try")));

        Assert.False(replayed);
        Assert.Equal("second try", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Business_refusal_is_remembered_and_replayed_without_running_again()
    {
        var request = NewRequest();
        var runs = 0;
        IdempotentResponse? Describe(Exception e) => e is DomainException d ? new IdempotentResponse(409, "application/problem+json", Encoding.UTF8.GetBytes(d.Code)) : null;
        Task<IdempotentResponse> Refuse(IServiceProvider sp, CancellationToken ct)
        {
            runs++;
            throw new DomainException("insufficient-credits", "short");
        }

        var first = await ExecuteAsync(request, Refuse, Describe);
        var second = await ExecuteAsync(request, Refuse, Describe);

        Assert.Equal(1, runs);
        Assert.Equal(409, first.Response.StatusCode);
        Assert.True(second.Replayed);
        Assert.Equal(first.Response.Body, second.Response.Body);
    }

    [Fact]
    public async Task Claim_of_a_dead_owner_is_taken_over_after_its_lease_and_the_old_owner_cannot_complete()
    {
        var user = Guid.NewGuid();
        var request = NewRequest();
        var dead = (await ClaimAsync(request)).Claim!;
        await SqlAsync("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE scope = @scope", request);

        var (_, replayed) = await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("new owner")));
        var lateCompletion = factory.InScopeAsync(sp => sp.GetRequiredService<ITransactionRunner>().ExecuteAsync(async ct =>
        {
            var ledger = sp.GetRequiredService<Application.Credits.ICreditLedger>();
            await ledger.AppendAsync(new(user, LedgerEntryKind.Grant, 5, "late", "tests", null, "late", "user:tests"), ct);
            await sp.GetRequiredService<IIdempotencyStore>().CompleteAsync(dead, Ok("old owner"), ct);
            return true;
        }, CancellationToken.None));

        Assert.False(replayed);
        var refusal = await Assert.ThrowsAsync<ConflictException>(() => lateCompletion);
        Assert.Equal(IdempotencyProblems.InFlight, refusal.Code);
        // The old owner's effect rolled back with its answer.
        Assert.Equal((0L, 0L, 0), await factory.BalanceAsync(user));
    }

    [Fact]
    public async Task Keys_are_kept_at_least_a_day_then_purged_and_reusable()
    {
        var request = NewRequest("old body");
        await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("old")));
        await using (var connection = new NpgsqlConnection(factory.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT expires_at - created_at >= interval '24 hours' FROM idempotency_keys WHERE scope = @scope", connection)
            {
                Parameters = { new("scope", request.Scope) },
            };
            Assert.Equal(true, await command.ExecuteScalarAsync());
        }

        await SqlAsync("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE scope = @scope", request);
        var purge = factory.Services.GetServices<IHostedService>().OfType<IdempotencyKeyPurge>().Single();
        Assert.True(await purge.PurgeAsync(CancellationToken.None) >= 1);

        var (response, replayed) = await ExecuteAsync(request with { RequestHash = RequestFingerprint.OfParts("new body") },
            (_, _) => Task.FromResult(Ok("new")));
        Assert.False(replayed);
        Assert.Equal("new", Encoding.UTF8.GetString(response.Body));
    }
}
