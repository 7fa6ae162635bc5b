using System.Threading.Channels;
using Tessera.Time;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>
/// Every finite delay a timer is armed with on a <see cref="ManualTimeProvider"/>,
/// in arming order, so a test reads the delay the client chose (a backoff, a
/// refresh) instead of guessing it. Records from construction on.
/// </summary>
internal sealed class ArmedTimerDelays
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public ArmedTimerDelays(ManualTimeProvider clock) =>
        clock.TimerArmed += dueIn => _armed.Writer.TryWrite(dueIn);

    /// <summary>The next delay armed, waiting up to <see cref="Timeouts.Event"/> for it.</summary>
    public async Task<TimeSpan> NextAsync() => await _armed.Reader.ReadAsync().AsTask().WaitAsync(Timeouts.Event);

    /// <summary>The next armed delay shorter than <paramref name="limit"/> (a backoff, not a refresh an hour away).</summary>
    public async Task<TimeSpan> NextBelowAsync(TimeSpan limit)
    {
        while (true)
        {
            var delay = await NextAsync();
            if (delay < limit)
            {
                return delay;
            }
        }
    }

    /// <summary>Forgets the delays recorded so far.</summary>
    public void Clear()
    {
        while (_armed.Reader.TryRead(out _))
        {
        }
    }
}
