namespace Tessera.Bench.Server;

/// <summary>
/// Counters since start: <paramref name="Metrics"/> are the server's own
/// instruments ("tessera.tokens.validations/Valid", "tessera.sessions.terminated/SESSION_REPLACED", ...),
/// <paramref name="Statuses"/> the responses by endpoint and status ("grpc/0", "plain/200"),
/// <paramref name="CpuSeconds"/> the process's user + system CPU time (getrusage: microseconds),
/// <paramref name="AllocatedBytes"/> managed bytes allocated by all threads,
/// <paramref name="GcPauseSeconds"/> time the runtime was paused for collections,
/// <paramref name="Gen2Collections"/> full collections.
/// </summary>
internal sealed record ServeStats(Dictionary<string, long> Metrics, Dictionary<string, long> Statuses, double CpuSeconds, long AllocatedBytes, double GcPauseSeconds, int Gen2Collections)
{
    public long Metric(string key) => Metrics.TryGetValue(key, out var value) ? value : 0;

    public long Status(string key) => Statuses.TryGetValue(key, out var value) ? value : 0;

    /// <summary>Responses of <paramref name="endpoint"/> whose status is not <paramref name="okStatus"/>.</summary>
    public long Failures(string endpoint, string okStatus)
    {
        long failures = 0;
        foreach (var (key, value) in Statuses)
        {
            if (key.StartsWith(endpoint + "/", StringComparison.Ordinal) && key != endpoint + "/" + okStatus)
            {
                failures += value;
            }
        }

        return failures;
    }
}
