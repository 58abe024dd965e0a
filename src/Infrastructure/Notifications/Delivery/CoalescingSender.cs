namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// Sends a signal after every request, with at most one send in flight: a request while one is sent asks
/// for one more, started when it completes, which stands for every request made meanwhile. Meant for
/// signals whose receiver looks at everything there is (a NOTIFY that wakes a claim loop): each request
/// is still followed by a send that starts after it.
/// </summary>
public sealed class CoalescingSender(Func<Task> send)
{
    private const int Idle = 0;
    private const int Sending = 1;
    private const int SendingWithOneMore = 2;

    private int _state;

    /// <summary>Asks for a send after this call; returns at once (the send runs on its own).</summary>
    public void Request()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == SendingWithOneMore)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _ = SendAsync();
                }

                return;
            }
        }
    }

    private async Task SendAsync()
    {
        try
        {
            do
            {
                await send();
            }
            while (Interlocked.Decrement(ref _state) != Idle);
        }
        catch
        {
            // A send that throws ends this run; the next request starts a new one.
            Volatile.Write(ref _state, Idle);
            throw;
        }
    }

    /// <summary>Whether a send is in flight (for tests and diagnostics).</summary>
    public bool IsSending => Volatile.Read(ref _state) >= Sending;
}
