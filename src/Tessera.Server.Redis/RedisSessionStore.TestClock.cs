using System.Globalization;
using StackExchange.Redis;
using Tessera.Server.Scheduling;
using Tessera.Server.Storage;

namespace Tessera.Server.Redis;

/// <summary>The Redis side of the test clock shared by every node (CLK-2, CLK-3 across nodes).</summary>
internal sealed partial class RedisSessionStore
{
    private string ClockLockKey => _options.KeyPrefix + "clock:lock";

    /// <summary>The shared clock; the first read of a deployment starts it at <paramref name="start"/>.</summary>
    internal DateTimeOffset ReadClock(DateTimeOffset start) =>
        TickText.Parse((string)Evaluate(SessionStoreScripts.ClockRead, [_options.KeyPrefix, TickText.Of(start)])!);

    /// <summary>
    /// Moves the clock to the earliest timer due at or before <paramref name="target"/> and
    /// returns it for the caller to fire; null when none is left, the clock then at the target.
    /// </summary>
    internal TimerFiring? ClockStep(DateTimeOffset target)
    {
        var step = (RedisResult[])Evaluate(SessionStoreScripts.ClockStep, [_options.KeyPrefix, TickText.Of(target)])!;
        if (step.Length == 0)
        {
            return null;
        }

        return new TimerFiring((string)step[0]!, (TimerKind)(int)step[1], ulong.Parse((string)step[2]!, CultureInfo.InvariantCulture), TickText.Parse((string)step[3]!));
    }

    /// <summary>Takes the advance lock (SET NX PX) unless another advance holds it.</summary>
    internal bool TryLockClock(string token, TimeSpan expiry) => Call(() => Database.LockTake(ClockLockKey, token, expiry));

    internal void UnlockClock(string token) => Call(() => Database.LockRelease(ClockLockKey, token));

    /// <summary>
    /// Returns once every node subscribed to the events has handed every event published
    /// before this call to its watchers; fails closed after <see cref="RedisStoreOptions.EventEchoTimeout"/>.
    /// </summary>
    internal void AwaitEveryNodeDelivered()
    {
        _relay.EnsureSubscribed();
        var nonce = _nodeId + ":" + Interlocked.Increment(ref _nonce).ToString(CultureInfo.InvariantCulture);
        var barrier = _relay.ExpectBarrier(nonce);
        try
        {
            var receivers = Call(() => _redis.GetSubscriber().Publish(RedisChannel.Literal(_options.KeyPrefix + "events"), RedisEventRelay.BarrierMessage(nonce)));
            barrier.Expect(receivers);
            if (!barrier.Done.Wait(_options.EventEchoTimeout))
            {
                throw new SessionStoreUnavailableException($"not every node confirmed delivering the events within {_options.EventEchoTimeout.TotalSeconds:0.#} s; the timers fired and their events are stored");
            }
        }
        catch (AggregateException e) when (e.InnerException is SessionStoreUnavailableException unavailable)
        {
            throw unavailable;
        }
        finally
        {
            _relay.ForgetBarrier(nonce);
        }
    }
}
