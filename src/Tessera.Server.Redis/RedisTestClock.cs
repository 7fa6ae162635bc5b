using System.Diagnostics;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Time;

namespace Tessera.Server.Redis;

/// <summary>
/// AdvanceTime on the test clock shared through Redis (CLK-3 across nodes): the node
/// that receives it fires every timer due by the new time, whichever node armed it,
/// in due order, and returns once every node has queued the resulting events to its
/// watchers.
/// </summary>
/// <remarks>
/// Advances are serialized by a lock in Redis, like the single-node clock's advance
/// gate: two steps of two advances interleaved could fire a later timer of a session
/// before an earlier one, and an advance's target is computed from a clock no other
/// advance is moving, so concurrent advances on several nodes stay monotonic and add up.
/// Each step is one script (Scripts/clock_step.lua) that moves the clock to the next due
/// time and names the timer; the firing goes through the registry like any other, and
/// its generation check makes a timer act once even if its node's takeover fires it too.
/// </remarks>
internal sealed class RedisTestClock : ITestClock
{
    /// <summary>How long the lock outlives a holder that died mid-advance.</summary>
    private static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(60);

    private readonly RedisSessionStore _store;
    private readonly SessionRegistry _registry;

    /// <param name="registry">A registry on <paramref name="store"/> and a <see cref="RedisSharedClock"/>.</param>
    public RedisTestClock(RedisSessionStore store, SessionRegistry registry)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
    }

    /// <inheritdoc />
    public DateTimeOffset GetTime() => _registry.Time.GetUtcNow();

    /// <inheritdoc />
    public DomainResult<DateTimeOffset> Advance(TimeSpan by)
    {
        if (TestClock.CheckAdvance(by) is { } error)
        {
            return error;
        }

        var token = Guid.NewGuid().ToString("N");
        Lock(token);
        try
        {
            var target = _registry.Time.GetUtcNow() + by;
            while (_store.ClockStep(target) is { } firing)
            {
                // The registry reads the shared clock, which the step set to the due time.
                _registry.FireTimer(firing);
            }

            _store.AwaitEveryNodeDelivered();
            return DomainResult<DateTimeOffset>.Success(target);
        }
        finally
        {
            _store.UnlockClock(token);
        }
    }

    private void Lock(string token)
    {
        // Readiness, bounded: another advance holds the lock for as long as its timers take.
        var waited = Stopwatch.StartNew();
        while (!_store.TryLockClock(token, LockExpiry))
        {
            if (waited.Elapsed > LockExpiry)
            {
                throw new SessionStoreUnavailableException($"another node's AdvanceTime held the shared test clock for over {LockExpiry.TotalSeconds:0} s");
            }

            Thread.Sleep(1);
        }
    }
}
