namespace Tessera.Testing;

/// <summary>
/// A clock that says what the test sets, to the tick: boundaries are probed
/// exactly, and nothing sleeps.
/// </summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
