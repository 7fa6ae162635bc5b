using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Target;

/// <summary>
/// An open WatchSession call, read by a background pump so the suite can ask
/// "has event N arrived yet?" and "did the stream end, and how?" without
/// blocking on the stream.
/// </summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<SessionEvent> _received = [];
    private readonly CancellationTokenSource _cancel;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _pump = Task.CompletedTask;

    private WatchStream(CancellationTokenSource cancel) => _cancel = cancel;

    /// <summary>The status the stream ended with; null while it is open.</summary>
    public StatusCode? EndCode { get; private set; }

    public string EndDetail { get; private set; } = "";

    public ErrorDetails EndError { get; private set; } = ErrorDetails.None;

    /// <summary>
    /// True when no status came from the server: the client library made one up
    /// because the connection broke (the process died). Such an end is no
    /// answer, so the error model (ERR-1..3) does not apply to it.
    /// </summary>
    public bool EndedByTransport { get; private set; }

    /// <summary>True once the suite dropped (cancelled) the stream.</summary>
    public bool Dropped { get; private set; }

    /// <summary>True once the target sent the stream's response headers: it has the call.</summary>
    public bool HeadersReceived { get; private set; }

    public static WatchStream Start(Func<CancellationToken, AsyncServerStreamingCall<WatchSessionResponse>> open)
    {
        var stream = new WatchStream(new CancellationTokenSource());
        stream._pump = stream.PumpAsync(open);
        return stream;
    }

    /// <summary>A copy of the events received so far.</summary>
    public List<SessionEvent> Received()
    {
        lock (_gate)
        {
            return [.. _received];
        }
    }

    public int ReceivedCount
    {
        get
        {
            lock (_gate)
            {
                return _received.Count;
            }
        }
    }

    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return EndCode is not null;
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> events arrived or the stream ended; false on timeout.</summary>
    public Task<bool> WaitForCountAsync(int count, TimeSpan timeout) =>
        WaitAsync(() => _received.Count >= count || EndCode is not null, timeout);

    /// <summary>Waits until the response headers arrived or the stream ended; false on timeout.</summary>
    public Task<bool> WaitForHeadersAsync(TimeSpan timeout) => WaitAsync(() => HeadersReceived || EndCode is not null, timeout);

    /// <summary>Waits until the stream ended; false on timeout.</summary>
    public Task<bool> WaitForEndAsync(TimeSpan timeout) => WaitAsync(() => EndCode is not null, timeout);

    /// <summary>Cancels the call (RST_STREAM) and waits for the pump to stop.</summary>
    public async Task DropAsync()
    {
        lock (_gate)
        {
            Dropped = true;
        }

        await _cancel.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Ended)
        {
            await DropAsync().ConfigureAwait(false);
        }

        _cancel.Dispose();
    }

    private async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition())
                {
                    return true;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    return condition();
                }
            }
        }
    }

    private async Task PumpAsync(Func<CancellationToken, AsyncServerStreamingCall<WatchSessionResponse>> open)
    {
        // Let the caller return before the first read, so Start never blocks.
        await Task.Yield();
        StatusCode code;
        var detail = "";
        var error = ErrorDetails.None;
        var byTransport = false;
        try
        {
            using var call = open(_cancel.Token);
            await call.ResponseHeadersAsync.ConfigureAwait(false);
            lock (_gate)
            {
                HeadersReceived = true;
                Signal();
            }

            while (await call.ResponseStream.MoveNext(_cancel.Token).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _received.Add(call.ResponseStream.Current.Event ?? new SessionEvent());
                    Signal();
                }
            }

            code = StatusCode.OK;
        }
        catch (RpcException e)
        {
            code = e.StatusCode;
            detail = e.Status.Detail;
            error = ErrorDetails.From(e);
            // grpc-dotnet sets DebugException only on a status it made itself (no trailers read).
            byTransport = e.Status.DebugException is not null;
        }
        catch (OperationCanceledException)
        {
            code = StatusCode.Cancelled;
        }

        lock (_gate)
        {
            EndCode = code;
            EndDetail = detail;
            EndError = error;
            EndedByTransport = byTransport;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
