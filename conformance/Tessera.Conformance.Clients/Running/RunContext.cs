using Tessera.Conformance.Clients.Harness;

namespace Tessera.Conformance.Clients.Running;

/// <summary>What every check of one run shares: the client under test, the options, the seed.</summary>
internal sealed class RunContext
{
    private int _instances;

    public RunContext(HarnessConnection harness, ClientConformanceOptions options, ulong seed)
    {
        Harness = harness;
        Options = options;
        Seed = seed;
        RunTag = (seed % 100_000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
    }

    public HarnessConnection Harness { get; }

    public ClientConformanceOptions Options { get; }

    public ulong Seed { get; }

    /// <summary>Part of every instance id and user name, so runs never meet.</summary>
    public string RunTag { get; }

    /// <summary>A client instance id never used before in this run.</summary>
    public string NextInstanceId() => $"cc-{RunTag}-{Interlocked.Increment(ref _instances)}";

    public void Log(string line) => Options.Log?.Invoke(line);
}
