using Tessera.Server.Errors;
using Tessera.Server.Sessions;
using Tessera.Time;

namespace Tessera.Server.Time;

/// <summary>
/// The domain side of tessera.testing.v1.TestClockService (CLK-2 to CLK-4):
/// reads and advances the <see cref="ManualTimeProvider"/> every rule reads.
/// </summary>
/// <remarks>
/// CLK-3 holds by construction: <see cref="ManualTimeProvider.Advance"/> fires
/// every due timer synchronously, the expiry scheduler applies each firing
/// synchronously inside its timer callback, and the session store hands the
/// resulting events to the watchers' channels before the firing returns. So when
/// <see cref="Advance"/> returns, every event caused by a due timer is queued.
/// </remarks>
internal sealed class TestClock : ITestClock
{
    /// <summary>The largest accepted advance: 366 days (CLK-4).</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(366);

    private readonly ManualTimeProvider _time;

    public TestClock(ManualTimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The clock every rule reads (CLK-2).</summary>
    public DateTimeOffset GetTime() => _time.GetUtcNow();

    /// <summary>
    /// Moves the clock by <paramref name="by"/> and returns the new time once every
    /// timer due by then has fired (CLK-3). <paramref name="by"/> must be positive and
    /// at most <see cref="MaxAdvance"/>, else INVALID_REQUEST (CLK-4).
    /// </summary>
    public DomainResult<DateTimeOffset> Advance(TimeSpan by)
    {
        if (CheckAdvance(by) is { } error)
        {
            return error;
        }

        return DomainResult<DateTimeOffset>.Success(_time.Advance(by));
    }

    /// <summary>CLK-4 for every <see cref="ITestClock"/>: INVALID_REQUEST unless 0 &lt; by ≤ 366 days.</summary>
    public static TesseraError? CheckAdvance(TimeSpan by) =>
        by <= TimeSpan.Zero || by > MaxAdvance
            ? TesseraError.InvalidRequest($"by must be positive and at most 366 days; got {by}")
            : null;
}
