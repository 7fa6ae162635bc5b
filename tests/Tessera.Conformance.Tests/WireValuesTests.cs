using Google.Protobuf.WellKnownTypes;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Tests;

/// <summary>Out-of-range well-known types from a target read as missing, never throw (the robustness test found a crash here).</summary>
public sealed class WireValuesTests
{
    [Theory]
    [InlineData(-1, 5)]
    [InlineData(1, -5)]
    [InlineData(0, 1_000_000_000)]
    [InlineData(400_000_000_000, 0)]
    public void AsSpan_InvalidDuration_IsNull(long seconds, int nanos)
    {
        var duration = new Duration { Seconds = seconds, Nanos = nanos };

        Assert.Throws<InvalidOperationException>(() => duration.ToTimeSpan());
        Assert.Null(duration.AsSpan());
    }

    [Fact]
    public void AsSpan_ValidDurations_AreTheirLength()
    {
        Assert.Equal(TimeSpan.FromSeconds(-1.5), new Duration { Seconds = -1, Nanos = -500_000_000 }.AsSpan());
        Assert.Equal(TimeSpan.Zero, new Duration().AsSpan());
        Assert.Null(((Duration?)null).AsSpan());
    }

    [Theory]
    [InlineData(1_800_000_000, -1)]
    [InlineData(1_800_000_000, 1_000_000_000)]
    [InlineData(300_000_000_000, 0)]
    [InlineData(-70_000_000_000, 0)]
    public void AsTime_InvalidTimestamp_IsNull(long seconds, int nanos)
    {
        var timestamp = new Timestamp { Seconds = seconds, Nanos = nanos };

        Assert.Throws<InvalidOperationException>(() => timestamp.ToDateTimeOffset());
        Assert.Null(timestamp.AsTime());
    }

    [Fact]
    public void AsTime_ValidTimestamp_IsTheInstant()
    {
        var instant = new DateTimeOffset(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);

        Assert.Equal(instant, Timestamp.FromDateTimeOffset(instant).AsTime());
    }
}
