using System.Diagnostics;

namespace Tessera.Server.Scheduling;

/// <summary>
/// The one timer service of every session: an indexed binary min-heap of
/// (session, kind) timers ordered by due time, drained by a single loop that a
/// single <see cref="TimeProvider"/> timer wakes at the earliest due time. A
/// session costs one heap node per armed timer, never a timer or a Task.Delay of
/// its own, so 100 000 sessions are cheap (EXP-1, EXP-6).
/// </summary>
/// <remarks>
/// <para>
/// Ordering: due time, then scheduling order. Only one drain runs at a time, so
/// firings are handed to the handler one by one in that order; the handler runs
/// on the drain thread without any scheduler lock held and may schedule or cancel
/// timers, including ones already due, which the same drain then fires.
/// </para>
/// <para>
/// Staleness: <see cref="Apply"/> ignores a request whose generation is lower
/// than the one held for that timer (a late, older request). A cancelled or
/// superseded timer that still fires is harmless because the store accepts a
/// firing only when its generation is still the armed one.
/// </para>
/// <para>
/// With <see cref="Tessera.Time.ManualTimeProvider"/> the drain runs inside
/// <c>Advance</c> with the clock at each due time, so every timer due by the new
/// time has fired when <c>Advance</c> returns (CLK-3). With the system clock the
/// wake-up is re-armed at most <see cref="MaxTimerDelay"/> ahead, which bounds
/// how late a wall-clock jump can make a timer.
/// </para>
/// </remarks>
internal sealed class ExpiryScheduler : IDisposable
{
    /// <summary>The longest single wait of the underlying timer: 15 minutes.</summary>
    public static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time;
    private readonly bool _roundToMilliseconds;
    private readonly Action<TimerFiring> _handler;
    private readonly Action<TimerFiring, Exception>? _onHandlerError;
    private readonly int _maxParallelFirings;
    private readonly Lock _gate = new();
    private readonly Dictionary<TimerKey, ScheduledTimer> _byKey = [];
    private readonly ITimer _timer;
    private ScheduledTimer[] _heap = new ScheduledTimer[16];
    private int _count;
    private long _sequence;
    private DateTimeOffset? _armedFor;
    private bool _disposed;

    // True while FireDue is between its first look at the heap and the one that
    // finds nothing due (set and cleared under _gate): that last look re-arms.
    private bool _firing;

    // Single-drainer hand-off: a wake-up that finds a drain running leaves a
    // request behind, which the running drain (or the next to win the flag)
    // honours, so no wake-up is lost and drains never overlap.
    private int _draining;
    private int _drainRequested;

    /// <param name="time">The clock; every due time is compared with it.</param>
    /// <param name="handler">Applies a due timer. Called on the drain thread, one firing at a time.</param>
    /// <param name="onHandlerError">
    /// Told about an exception thrown by <paramref name="handler"/>; the drain goes on with
    /// the next timer. Null: the exception is swallowed (one bad firing must not stop expiry
    /// for every other session), so hosts should pass a logger here.
    /// </param>
    /// <param name="maxParallelFirings">
    /// 1 (the default): due timers fire one at a time, in due order. More: the drain takes
    /// every due timer at once and fires the timers of different sessions in parallel, each
    /// session's own in due order. For a store where a firing waits on a round trip (Redis):
    /// one at a time caps expiries at one per round trip, and 100k sessions fell seconds
    /// behind (docs/benchmarks.md).
    /// </param>
    public ExpiryScheduler(TimeProvider time, Action<TimerFiring> handler, Action<TimerFiring, Exception>? onHandlerError = null, int maxParallelFirings = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelFirings, 1);
        _maxParallelFirings = maxParallelFirings;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        // The system clock's timers count whole milliseconds and truncate: a
        // 0.4 ms delay fires at once, finds nothing due, and re-arms, a spin that
        // cost most of a core at 100k sessions. A test clock fires exactly when
        // due, and must (CLK-3: a 46.875 ms advance fires a timer due then).
        _roundToMilliseconds = ReferenceEquals(time, TimeProvider.System);
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _onHandlerError = onHandlerError;
        // The timer lives as long as the scheduler; it must not capture the
        // ExecutionContext (AsyncLocals, Activity) of whoever happened to create it.
        var restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            _timer = time.CreateTimer(static state => ((ExpiryScheduler)state!).Drain(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    /// <summary>Timers currently scheduled.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Arms or cancels a timer as the store asked; ignores a request older than the one held.</summary>
    public void Apply(in TimerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.SessionId);
        lock (_gate)
        {
            if (ApplyNoLock(request))
            {
                ArmNoLock(_time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Applies every request of one store outcome, in order, under a single lock
    /// acquisition, and re-arms the wake-up at most once: a replacing StartSession
    /// hands over four or five requests, and taking the lock and touching the system
    /// timer once for each was a large part of its cost (docs/benchmarks.md).
    /// </summary>
    public void ApplyAll(IReadOnlyList<TimerRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (var i = 0; i < requests.Count; i++)
        {
            // Checked first, so a bad batch changes nothing.
            ArgumentNullException.ThrowIfNull(requests[i].SessionId, nameof(requests));
        }

        if (requests.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var rearm = false;
            for (var i = 0; i < requests.Count; i++)
            {
                rearm |= ApplyNoLock(requests[i]);
            }

            if (rearm)
            {
                ArmNoLock(_time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// Arms the (session, kind) timer for <paramref name="due"/>, replacing any timer held
    /// for it with a lower or equal generation. A due time in the past fires as soon as
    /// possible (with a manual clock: on the next advance).
    /// </summary>
    public void Schedule(string sessionId, TimerKind kind, DateTimeOffset due, ulong generation) =>
        Apply(new TimerRequest(sessionId, kind, generation, due));

    /// <summary>Removes the (session, kind) timer unless the one held is newer than <paramref name="generation"/>.</summary>
    public void Cancel(string sessionId, TimerKind kind, ulong generation) =>
        Apply(new TimerRequest(sessionId, kind, generation, null));

    /// <summary>Applies one request; true when the wake-up must be re-armed for an earlier due time.</summary>
    private bool ApplyNoLock(in TimerRequest request)
    {
        if (_disposed)
        {
            return false;
        }

        var key = new TimerKey(request.SessionId, request.Kind);
        if (request.Due is not { } due)
        {
            if (_byKey.TryGetValue(key, out var held) && held.Generation <= request.Generation)
            {
                RemoveNoLock(held);
                // The wake-up stays armed; if it was for this timer it finds nothing due
                // and re-arms for the new earliest one.
            }

            return false;
        }

        if (_byKey.TryGetValue(key, out var node))
        {
            if (request.Generation < node.Generation)
            {
                return false;
            }

            var earlier = due < node.Due;
            node.Generation = request.Generation;
            node.Due = due;
            node.Sequence = ++_sequence;
            if (earlier)
            {
                SiftUp(node.HeapIndex);
            }
            else
            {
                SiftDown(node.HeapIndex);
            }
        }
        else
        {
            node = new ScheduledTimer(key) { Generation = request.Generation, Due = due, Sequence = ++_sequence };
            _byKey.Add(key, node);
            Push(node);
        }

        // A running drain looks at the heap again before it stops and arms the
        // wake-up then, so timers added meanwhile (by the handler, or due at once)
        // need no system-timer call each.
        return !_firing && (_armedFor is not { } armed || due < armed);
    }

    /// <summary>Stops the scheduler: pending timers never fire.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _byKey.Clear();
            Array.Clear(_heap, 0, _count);
            _count = 0;
        }

        _timer.Dispose();
    }

    private void Drain()
    {
        Volatile.Write(ref _drainRequested, 1);
        while (Volatile.Read(ref _drainRequested) == 1 && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            try
            {
                while (Interlocked.Exchange(ref _drainRequested, 0) == 1)
                {
                    FireDue();
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
    }

    private void FireDue()
    {
        // One at a time unless the store asked for more: then every due timer at once,
        // the timers of different sessions side by side, each session's in due order.
        var most = _maxParallelFirings == 1 ? 1 : int.MaxValue;
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxParallelFirings };
        var due = new List<TimerFiring>();
        while (TakeDue(due, most))
        {
            if (due.Count == 1)
            {
                Fire(due[0]);
            }
            else
            {
                // Taken from the heap in due order, so each session's group keeps it.
                Parallel.ForEach(due.GroupBy(f => f.SessionId, StringComparer.Ordinal), options, session =>
                {
                    foreach (var firing in session)
                    {
                        Fire(firing);
                    }
                });
            }

            due.Clear();
        }
    }

    /// <summary>
    /// Moves up to <paramref name="most"/> due timers, in due order, from the heap into
    /// <paramref name="due"/>; false when none is due (the timer is then re-armed).
    /// </summary>
    private bool TakeDue(List<TimerFiring> due, int most)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                _firing = false;
                return false;
            }

            var now = _time.GetUtcNow();
            if (_count == 0 || _heap[0].Due > now)
            {
                _firing = false;
                ArmNoLock(now);
                return false;
            }

            _firing = true;
            while (due.Count < most && _count > 0 && _heap[0].Due <= now)
            {
                var node = _heap[0];
                RemoveNoLock(node);
                due.Add(new TimerFiring(node.Key.SessionId, node.Key.Kind, node.Generation, node.Due));
            }

            return true;
        }
    }

    private void Fire(TimerFiring firing)
    {
        try
        {
            _handler(firing);
        }
        catch (Exception ex)
        {
            _onHandlerError?.Invoke(firing, ex);
        }
    }

    private void ArmNoLock(DateTimeOffset now)
    {
        if (_count == 0)
        {
            if (_armedFor is not null)
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _armedFor = null;
            }

            return;
        }

        var due = _heap[0].Due;
        var delay = due - now;
        if (delay <= TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }
        else if (delay > MaxTimerDelay)
        {
            delay = MaxTimerDelay;
            due = now + delay;
        }
        else if (_roundToMilliseconds)
        {
            delay = TimeSpan.FromMilliseconds(Math.Ceiling(delay.TotalMilliseconds));
        }

        _armedFor = due;
        _timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Push(ScheduledTimer node)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        node.HeapIndex = _count;
        _heap[_count] = node;
        _count++;
        SiftUp(node.HeapIndex);
    }

    private void RemoveNoLock(ScheduledTimer node)
    {
        var index = node.HeapIndex;
        Debug.Assert(index >= 0 && index < _count && ReferenceEquals(_heap[index], node), "heap index out of sync");
        _byKey.Remove(node.Key);
        _count--;
        var last = _heap[_count];
        _heap[_count] = null!;
        node.HeapIndex = -1;
        if (index == _count)
        {
            return;
        }

        _heap[index] = last;
        last.HeapIndex = index;
        if (index > 0 && last.FiresBefore(_heap[(index - 1) / 2]))
        {
            SiftUp(index);
        }
        else
        {
            SiftDown(index);
        }
    }

    private void SiftUp(int index)
    {
        var node = _heap[index];
        while (index > 0)
        {
            var parentIndex = (index - 1) / 2;
            var parent = _heap[parentIndex];
            if (!node.FiresBefore(parent))
            {
                break;
            }

            _heap[index] = parent;
            parent.HeapIndex = index;
            index = parentIndex;
        }

        _heap[index] = node;
        node.HeapIndex = index;
    }

    private void SiftDown(int index)
    {
        var node = _heap[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].FiresBefore(_heap[child]))
            {
                child++;
            }

            if (!_heap[child].FiresBefore(node))
            {
                break;
            }

            _heap[index] = _heap[child];
            _heap[index].HeapIndex = index;
            index = child;
        }

        _heap[index] = node;
        node.HeapIndex = index;
    }
}
