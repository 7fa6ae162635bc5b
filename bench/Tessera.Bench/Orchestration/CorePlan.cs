namespace Tessera.Bench.Orchestration;

/// <summary>
/// Which core the measured process and the load generator run on. With taskset
/// and two or more cores the server gets core 0 and the load generator core 1,
/// so the generator cannot take the server's CPU; otherwise nothing is pinned
/// and the table says so.
/// </summary>
internal sealed record CorePlan(int? ServerCore, int? LoadCore, string Description)
{
    public static CorePlan Detect()
    {
        var cores = Environment.ProcessorCount;
        if (PathLookup.Find("taskset") is null)
        {
            return new CorePlan(null, null, $"not pinned (taskset not found; {cores} cores)");
        }

        return cores >= 2
            ? new CorePlan(0, 1, $"measured process pinned to core 0, load generator (h2load -t 1, or the C# watcher fleet) to core 1 with taskset; {cores} cores online")
            : new CorePlan(null, null, "not pinned (1 core: server and load generator share it)");
    }
}
