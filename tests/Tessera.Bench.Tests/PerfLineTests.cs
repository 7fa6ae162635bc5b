using Tessera.Bench.Orchestration;

namespace Tessera.Bench.Tests;

public class PerfLineTests
{
    [Fact]
    public void ShortenPerfLine_JittedMethod_KeepsTypeMethodAndTier()
    {
        const string line = "     0.25%  [.] instance bool [System.Collections.Concurrent] System.Collections.Concurrent.ConcurrentDictionary`2[System.__Canon,System.__Canon]::TryGetValue(!0,!1&)[OptimizedTier1]     -      -   ";

        Assert.Equal("0.25% ConcurrentDictionary`2[__Canon,__Canon]::TryGetValue [OptimizedTier1]", ThroughputBench.ShortenPerfLine(line));
    }

    [Fact]
    public void ShortenPerfLine_NativeSymbol_KeepsName()
    {
        Assert.Equal("6.09% pvm_irq_enable", ThroughputBench.ShortenPerfLine("     6.09%  [k] pvm_irq_enable      -      -   "));
    }
}
