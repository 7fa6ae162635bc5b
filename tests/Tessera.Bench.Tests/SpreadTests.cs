using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Tests;

public class SpreadTests
{
    [Fact]
    public void Of_OddCount_MedianIsMiddleValue()
    {
        var spread = Spread.Of([70, 10, 40]);

        Assert.Equal(40, spread.Median);
        Assert.Equal(10, spread.Min);
        Assert.Equal(70, spread.Max);
        Assert.Equal(3, spread.Count);
    }

    [Fact]
    public void Of_EvenCount_MedianIsMeanOfMiddlePair()
    {
        Assert.Equal(25, Spread.Of([40, 10, 30, 20]).Median);
    }

    [Fact]
    public void Format_SeveralValues_ShowsMedianRangeAndCount()
    {
        Assert.Equal("61 % (55-64, n=3)", Spread.Of([64, 55, 61]).Format("0", " %"));
    }
}
