using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Tests;

public class PalindromeTests
{
    [Fact]
    public void Order_ThreeLoads_OutwardInThenBack()
    {
        Assert.Equal([0, 1, 2, 2, 1, 0], Palindrome.Order(3));
    }

    [Fact]
    public void RatioPercent_MachineSlowingLinearly_GivesTheTrueRatioForEveryPair()
    {
        // True rates 300, 200, 100 req/s; the machine loses 10 % of its speed per burst.
        double[] rates = [300, 200, 100];
        var order = Palindrome.Order(rates.Length);
        var measured = rates.Select(_ => new List<double>()).ToArray();
        for (var slot = 0; slot < order.Count; slot++)
        {
            measured[order[slot]].Add(rates[order[slot]] * (1 - 0.1 * slot));
        }

        Assert.Equal(200.0 / 300 * 100, Palindrome.RatioPercent(measured[1][0], measured[1][1], measured[0][0], measured[0][1]), precision: 9);
        Assert.Equal(100.0 / 300 * 100, Palindrome.RatioPercent(measured[2][0], measured[2][1], measured[0][0], measured[0][1]), precision: 9);
        Assert.Equal(100.0 / 200 * 100, Palindrome.RatioPercent(measured[2][0], measured[2][1], measured[1][0], measured[1][1]), precision: 9);
    }
}
