namespace Tessera.Grpc.Internal;

/// <summary>
/// The live calls of one mapped method, cancelled together when the server
/// shuts down. One registration on the shutdown token per method instead of
/// one per call: an idle long-lived call (WatchSession) then holds two list
/// links rather than a registration node for its whole life.
/// </summary>
internal sealed class ServerShutdownRegistry
{
    private readonly Lock _lock = new();
    private ServerCallContext? _head;
    private bool _stopped;

    public ServerShutdownRegistry(CancellationToken shutdown)
    {
        if (shutdown.CanBeCanceled)
        {
            // Lives as long as the endpoint, so it is never disposed.
            shutdown.UnsafeRegister(static state => ((ServerShutdownRegistry)state!).Stop(), this);
        }
    }

    /// <summary>Tracks a new call; once the server is stopping, cancels it at once instead.</summary>
    public void Add(ServerCallContext context)
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                context.ShutdownNext = _head;
                if (_head is not null)
                {
                    _head.ShutdownPrevious = context;
                }
                _head = context;
                return;
            }
        }
        context.CancelForShutdown();
    }

    /// <summary>Stops tracking a finished call. Idempotent.</summary>
    public void Remove(ServerCallContext context)
    {
        lock (_lock)
        {
            var previous = context.ShutdownPrevious;
            var next = context.ShutdownNext;
            if (previous is null && !ReferenceEquals(_head, context))
            {
                return;
            }
            if (previous is null)
            {
                _head = next;
            }
            else
            {
                previous.ShutdownNext = next;
            }
            if (next is not null)
            {
                next.ShutdownPrevious = previous;
            }
            context.ShutdownPrevious = null;
            context.ShutdownNext = null;
        }
    }

    private void Stop()
    {
        // Unlink every call under the lock, cancel them outside it: their own
        // token callbacks run here and may finish calls (Remove) or block.
        var calls = new List<ServerCallContext>();
        lock (_lock)
        {
            _stopped = true;
            var call = _head;
            while (call is not null)
            {
                var next = call.ShutdownNext;
                call.ShutdownPrevious = null;
                call.ShutdownNext = null;
                calls.Add(call);
                call = next;
            }
            _head = null;
        }

        // As a token does with its callbacks: cancel every call, then report the failures together.
        List<Exception>? failures = null;
        foreach (var call in calls)
        {
            try
            {
                call.CancelForShutdown();
            }
            catch (Exception ex)
            {
                (failures ??= []).Add(ex);
            }
        }
        if (failures is not null)
        {
            throw new AggregateException(failures);
        }
    }
}
