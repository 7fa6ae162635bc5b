using Tessera.Server.Sessions;

namespace Tessera.Server.Time;

/// <summary>
/// What tessera.testing.v1.TestClockService serves (CLK-2 to CLK-4). The seam lets a
/// multi-node store put one clock shared by every node behind the same service
/// (issue 11); <see cref="TestClock"/> is the single-node one.
/// </summary>
internal interface ITestClock
{
    /// <summary>The clock every rule reads (CLK-2).</summary>
    DateTimeOffset GetTime();

    /// <summary>
    /// Moves the clock by <paramref name="by"/> and returns the new time once every timer
    /// due by then has fired and its events are queued to every watcher (CLK-3);
    /// INVALID_REQUEST when <paramref name="by"/> is out of range (CLK-4).
    /// </summary>
    DomainResult<DateTimeOffset> Advance(TimeSpan by);
}
