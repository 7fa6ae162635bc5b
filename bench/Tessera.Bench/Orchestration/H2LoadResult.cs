namespace Tessera.Bench.Orchestration;

/// <summary>What h2load reported: the rate and the request outcomes it saw (HTTP level only).</summary>
internal sealed record H2LoadResult(double RequestsPerSecond, long Done, long Succeeded, long Failed, long Errored, long Timeout, long Status2xx, long StatusOther);
