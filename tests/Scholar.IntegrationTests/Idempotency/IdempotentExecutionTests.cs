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
using Scholar.Infrastructure.Persistence;
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
            var store = new PostgresIdempotencyStore(
                sp.GetRequiredService<AppDbContext>(),
                Options.Create(new IdempotencyOptions { InFlightWait = inFlightWait ?? TimeSpan.FromSeconds(30) }));
            var execution = new IdempotentExecution(store, sp.GetRequiredService<ITransactionRunner>());
            return execution.ExecuteAsync(request, ct => operation(sp, ct), describeFailure ?? (_ => null), CancellationToken.None);
        });

    /// <summary>Starts a first request that holds the key (its transaction open) until <paramref name="release"/> completes.</summary>
    private async Task<Task<(IdempotentResponse Response, bool Replayed)>> HoldKeyAsync(IdempotencyRequest request, Task release)
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = ExecuteAsync(request, async (_, _) =>
        {
            running.SetResult();
            await release;
            return Ok("first answer");
        });
        await running.Task;
        return first;
    }

    private async Task SqlAsync(string sql, IdempotencyRequest request)
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new("scope", request.Scope), new("hash", request.RequestHash) } };
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
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await HoldKeyAsync(request, release.Task);

        var duplicate = ExecuteAsync(request, (_, _) => throw new InvalidOperationException("must not run"));
        await Task.Delay(100);
        Assert.False(duplicate.IsCompleted);
        release.SetResult();

        Assert.False((await first).Replayed);
        var (response, replayed) = await duplicate;
        Assert.True(replayed);
        Assert.Equal("first answer", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Duplicate_still_in_flight_after_the_bounded_wait_is_told_409()
    {
        var request = NewRequest();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await HoldKeyAsync(request, release.Task);

        var refusal = await Assert.ThrowsAsync<ConflictException>(() =>
            ExecuteAsync(request, (_, _) => Task.FromResult(Ok("x")), inFlightWait: TimeSpan.FromMilliseconds(50)));

        Assert.Equal(IdempotencyProblems.InFlight, refusal.Code);
        release.SetResult();
        Assert.Equal("first answer", Encoding.UTF8.GetString((await first).Response.Body));
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
    public async Task A_request_that_dies_holding_the_key_leaves_it_free_at_once()
    {
        var request = NewRequest();
        // The claim of a request whose process dies: its transaction never commits, its connection closes.
        await factory.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(IdempotencyClaimState.Claimed, (await sp.GetRequiredService<IIdempotencyStore>().TryClaimAsync(request, CancellationToken.None)).State);
            return true;
        });

        var (response, replayed) = await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("retry")), inFlightWait: TimeSpan.FromMilliseconds(50));

        Assert.False(replayed);
        Assert.Equal("retry", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task A_claim_committed_by_an_older_version_holds_until_its_lease_runs_out()
    {
        var request = NewRequest();
        await SqlAsync(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash, state, owner_token, locked_until, created_at, expires_at)
            VALUES (@scope, 'key-1', @hash, 'in_flight', gen_random_uuid(), now() + interval '1 hour', now(), now() + interval '1 day')
            """,
            request);

        var refusal = await Assert.ThrowsAsync<ConflictException>(() => ExecuteAsync(request, (_, _) => Task.FromResult(Ok("x"))));
        Assert.Equal(IdempotencyProblems.InFlight, refusal.Code);

        await SqlAsync("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE scope = @scope", request);
        var (response, replayed) = await ExecuteAsync(request, (_, _) => Task.FromResult(Ok("taken over")));
        Assert.False(replayed);
        Assert.Equal("taken over", Encoding.UTF8.GetString(response.Body));
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
