namespace Tessera.Server.Redis;

/// <summary>
/// The test clock as every node of a Redis deployment reads it (CLK-2 across nodes):
/// one instant in Redis, moved only by <see cref="RedisTestClock"/>.
/// </summary>
/// <remarks>
/// Read from Redis on every call rather than cached and refreshed by pub/sub: a client
/// that calls GetTime on node B right after AdvanceTime returned on node A must see the
/// new time (CLK-2), and a pushed update may still be in flight then; a round trip per
/// read is cheap next to what a test-clock run does with the time. Timers created here
/// never fire: on the shared clock the Redis timer set is the one schedule, and
/// <see cref="RedisTestClock.Advance"/> fires its due entries, whichever node armed them
/// (the node's own scheduler keeps its copies, which is harmless: they never run).
/// Kestrel reads the host's <see cref="TimeProvider"/> too, on its heartbeat: while Redis
/// is down that read fails like every rule's, and Kestrel logs it and carries on; a
/// stale instant instead would let a call that races Redis's return run on a wrong clock.
/// </remarks>
internal sealed class RedisSharedClock : TimeProvider
{
    private readonly RedisSessionStore _store;
    private readonly TimeProvider _start;

    /// <param name="start">Where a deployment's clock starts when no node has read it yet: the wall clock by default.</param>
    public RedisSharedClock(RedisSessionStore store, TimeProvider? start = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _start = start ?? System;
    }

    /// <summary>Always UTC, as the single-node test clock.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timestamps are the clock's UTC ticks, so elapsed time follows the clock.</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The shared instant; UNAVAILABLE (<see cref="Storage.SessionStoreUnavailableException"/>) while Redis is away.</summary>
    public override DateTimeOffset GetUtcNow() => _store.ReadClock(_start.GetUtcNow());

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

    /// <summary>A timer that is never due: see the remarks of <see cref="RedisSharedClock"/>.</summary>
    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
