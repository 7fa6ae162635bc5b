using Tessera.Bench.Cluster;

namespace Tessera.Bench.Tests;

public class ClusterFigureTests
{
    private static readonly DateTimeOffset Exp = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DueAt_IsTheStoredExpPlusLeeway()
    {
        var stored = Exp.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Exp + TimeSpan.FromSeconds(5), StoredExpiry.DueAt(stored, TimeSpan.FromSeconds(5)));
        Assert.Null(StoredExpiry.DueAt(null, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void LatenessMs_IsTheTokenExpiredEventsTimeMinusTheDueTime()
    {
        var due = Exp + TimeSpan.FromSeconds(5);
        var fired = due + TimeSpan.FromMilliseconds(12.5);
        string[] log =
        [
            $"1|{Ticks(Exp - TimeSpan.FromSeconds(60))}|X|{Ticks(Exp)}",
            $"2|{Ticks(fired)}|D|{Ticks(due + TimeSpan.FromSeconds(30))}",
            $"3|{Ticks(due + TimeSpan.FromSeconds(30))}|T|2|the token expired",
        ];

        Assert.Equal(12.5, StoredExpiry.LatenessMs(due, log)!.Value, precision: 6);
    }

    [Fact]
    public void LatenessMs_WithoutTokenExpired_IsNull()
    {
        var due = Exp + TimeSpan.FromSeconds(5);
        Assert.Null(StoredExpiry.LatenessMs(due, [$"1|{Ticks(Exp - TimeSpan.FromSeconds(60))}|X|{Ticks(Exp)}"]));
        Assert.Null(StoredExpiry.LatenessMs(due, []));
    }

    [Fact]
    public void CombinedRate_CountsEveryRequestOverTheLongerRun()
    {
        // 1000 requests each: one run took 1 s, the other 2 s; 2000 requests in 2 s.
        Assert.Equal(1000, ClusterThroughput.CombinedRate(1000, [1000, 500]), precision: 9);
        Assert.Equal(2000, ClusterThroughput.CombinedRate(1000, [1000, 1000]), precision: 9);
    }

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
