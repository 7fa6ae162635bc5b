using FsCheck;
using FsCheck.Fluent;
using Tessera.Grpc.Internal;
using Tessera.Grpc.Tests.Infrastructure;

namespace Tessera.Grpc.Tests.Internal;

/// <summary>grpc-timeout parsing and formatting (TRN-4).</summary>
public sealed class GrpcTimeoutTests
{
    private static readonly (char Unit, long Ticks)[] Units =
    [
        ('H', TimeSpan.TicksPerHour), ('M', TimeSpan.TicksPerMinute), ('S', TimeSpan.TicksPerSecond),
        ('m', TimeSpan.TicksPerMillisecond), ('u', TimeSpan.TicksPerMicrosecond),
    ];

    [Fact]
    public void Format_AnyPositiveTimeout_ParsesBackNoEarlierAndWithinOneUnit()
    {
        var timeouts = Gen.Choose(1, int.MaxValue)
            .SelectMany(scale => Gen.Elements(1L, 10L, 10_000L, 10_000_000L, 600_000_000L).Select(unit => TimeSpan.FromTicks(scale * unit)))
            .ToArbitrary();
        Properties.Check(Prop.ForAll(timeouts, timeout =>
        {
            var text = GrpcTimeout.Format(timeout);
            if (!GrpcTimeout.TryParse(text, out var parsed) || text.Length > 9)
            {
                return false;
            }
            var unitTicks = text[^1] switch
            {
                'n' => 1L, 'u' => TimeSpan.TicksPerMicrosecond, 'm' => TimeSpan.TicksPerMillisecond,
                'S' => TimeSpan.TicksPerSecond, 'M' => TimeSpan.TicksPerMinute, _ => TimeSpan.TicksPerHour,
            };
            return parsed >= timeout && parsed.Ticks - timeout.Ticks < unitTicks;
        }), maxTest: 1000);
    }

    [Fact]
    public void TryParse_AnyValueAndUnit_GivesValueTimesUnit()
    {
        var cases = Gen.Choose(0, 99_999_999).Zip(Gen.Elements(Units)).ToArbitrary();
        Properties.Check(Prop.ForAll(cases, c =>
        {
            var (value, (unit, ticks)) = c;
            return GrpcTimeout.TryParse($"{value}{unit}", out var parsed) && parsed.Ticks == value * ticks;
        }), maxTest: 1000);
    }

    [Fact]
    public void TryParse_Nanoseconds_RoundsUpToWholeTicks()
    {
        Assert.True(GrpcTimeout.TryParse("1n", out var one));
        Assert.True(GrpcTimeout.TryParse("250n", out var some));

        Assert.Equal(TimeSpan.FromTicks(1), one);
        Assert.Equal(TimeSpan.FromTicks(3), some);
    }

    [Fact]
    public void TryParse_NineDigits_IsRejected()
    {
        var cases = Gen.Choose(100_000_000, int.MaxValue).Zip(Gen.Elements(Units)).ToArbitrary();
        Properties.Check(Prop.ForAll(cases, c => !GrpcTimeout.TryParse($"{c.Item1}{c.Item2.Unit}", out _)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10s")]
    [InlineData("10 S")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData("1.5S")]
    [InlineData("0x1S")]
    [InlineData("123456789m")]
    public void TryParse_OffGrammar_IsRejected(string value)
    {
        Assert.False(GrpcTimeout.TryParse(value, out _));
    }

    [Theory]
    [InlineData(1, "100n")]
    [InlineData(10_000, "1000000n")]
    [InlineData(10_000_000, "1000000u")]
    [InlineData(600_000_000_000, "60000000m")]
    public void Format_KnownTimeout_PicksFinestUnitThatFits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Format_BeyondLargestValue_ClampsToMaximum()
    {
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
    }
}
