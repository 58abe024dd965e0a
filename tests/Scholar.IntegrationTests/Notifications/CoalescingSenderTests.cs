using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.IntegrationTests.Infrastructure;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>The NOTIFY after a commit is coalesced: one in flight, and one more after it for every request made meanwhile.</summary>
public sealed class CoalescingSenderTests
{
    /// <summary>Sends that complete only when the test says so.</summary>
    private sealed class HeldSends
    {
        private readonly Queue<TaskCompletionSource> _inFlight = new();

        public int Started { get; private set; }

        public Task Send()
        {
            lock (_inFlight)
            {
                Started++;
                var send = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _inFlight.Enqueue(send);
                return send.Task;
            }
        }

        public void CompleteOne(bool fail = false)
        {
            TaskCompletionSource send;
            lock (_inFlight)
            {
                send = _inFlight.Dequeue();
            }

            if (fail)
            {
                send.SetException(new InvalidOperationException("send failed"));
            }
            else
            {
                send.SetResult();
            }
        }
    }

    [Fact]
    public async Task Requests_while_a_send_is_in_flight_share_one_send_after_it()
    {
        var sends = new HeldSends();
        var sender = new CoalescingSender(sends.Send);

        sender.Request();
        Assert.Equal(1, sends.Started);
        for (var i = 0; i < 10; i++)
        {
            sender.Request();
        }

        Assert.Equal(1, sends.Started);

        sends.CompleteOne();
        await Poll.UntilAsync(() => sends.Started == 2);
        sends.CompleteOne();
        await Poll.UntilAsync(() => !sender.IsSending);
        Assert.Equal(2, sends.Started);
    }

    /// <summary>After a send that completed, or failed: nothing is in flight, and the next request starts a send.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_after_the_last_send_ended_starts_a_new_one(bool lastSendFailed)
    {
        var sends = new HeldSends();
        var sender = new CoalescingSender(sends.Send);

        sender.Request();
        sends.CompleteOne(fail: lastSendFailed);
        await Poll.UntilAsync(() => !sender.IsSending);

        sender.Request();
        Assert.Equal(2, sends.Started);
        sends.CompleteOne();
        await Poll.UntilAsync(() => !sender.IsSending);
    }

    [Fact]
    public async Task Concurrent_requests_are_each_followed_by_a_send_that_started_after_them()
    {
        // Each send notes how many requests had been made when it started: the last one must have seen them all.
        var requests = 0;
        var sent = 0;
        var seenByLastSend = 0;
        var sender = new CoalescingSender(async () =>
        {
            Interlocked.Increment(ref sent);
            Volatile.Write(ref seenByLastSend, Volatile.Read(ref requests));
            await Task.Delay(1);
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                Interlocked.Increment(ref requests);
                sender.Request();
            }
        })));
        await Poll.UntilAsync(() => !sender.IsSending);

        Assert.Equal(2000, seenByLastSend);
        Assert.InRange(sent, 1, 2000);
    }
}
