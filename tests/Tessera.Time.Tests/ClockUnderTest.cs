using Microsoft.Extensions.Time.Testing;

namespace Tessera.Time.Tests;

/// <summary>
/// One of the two manual clocks a characterization test runs the same scenario
/// against, chosen by name so that each theory row reads as the provider it
/// covers. The two name their advance alike but type it differently
/// (<see cref="ManualTimeProvider.Advance"/> returns the new time,
/// <see cref="FakeTimeProvider.Advance"/> returns nothing), so it is wrapped.
/// </summary>
internal sealed class ClockUnderTest
{
    public const string Manual = nameof(ManualTimeProvider);
    public const string Fake = nameof(FakeTimeProvider);

    private readonly Action<TimeSpan> _advance;

    private ClockUnderTest(TimeProvider provider, Action<TimeSpan> advance)
    {
        Provider = provider;
        _advance = advance;
    }

    public TimeProvider Provider { get; }

    public DateTimeOffset Now => Provider.GetUtcNow();

    public static ClockUnderTest Create(string name, DateTimeOffset start)
    {
        switch (name)
        {
            case Manual:
                var manual = new ManualTimeProvider(start);
                return new ClockUnderTest(manual, by => manual.Advance(by));
            case Fake:
                var fake = new FakeTimeProvider(start);
                return new ClockUnderTest(fake, fake.Advance);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "not a provider under test");
        }
    }

    public void Advance(TimeSpan by) => _advance(by);

    public ITimer CreateOneShot(TimerCallback callback, TimeSpan dueTime) =>
        Provider.CreateTimer(callback, null, dueTime, Timeout.InfiniteTimeSpan);
}
