namespace Tessera.Conformance.Tests;

/// <summary>
/// Tests that start servers and run the suite share one collection that runs
/// alone: the time budgets they check (30 s, 3 min) and the real-clock
/// tolerance assume the two cores are not shared with other runs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerCollection
{
    public const string Name = "servers";
}
