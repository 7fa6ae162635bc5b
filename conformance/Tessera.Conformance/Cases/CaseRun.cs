using Tessera.Conformance.Commands;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Generation;

namespace Tessera.Conformance.Cases;

/// <summary>What a case gets to run with: the shared run state, options, connections and the concurrency limit.</summary>
internal sealed class CaseRun(RunState state, ConformanceOptions options, ConnectionPool connections, SemaphoreSlim slots, ulong seed, CancellationToken cancellation)
{
    public RunState State { get; } = state;

    public ConformanceOptions Options { get; } = options;

    public ulong Seed { get; } = seed;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>How many sequences may run at once: one with the test clock (it is shared), more with the real clock.</summary>
    public int Parallelism => State.Settings.ExactClock ? 1 : Math.Max(1, Options.Parallel);

    public int MaxTests => Options.MaxTests ?? (State.Settings.ExactClock ? 60 : 10);

    /// <summary>Runs one sequence on a pooled connection, within the concurrency limit.</summary>
    public async Task<SequenceResult> RunSequenceAsync(IReadOnlyList<Command> commands)
    {
        await slots.WaitAsync(Cancellation).ConfigureAwait(false);
        var connection = connections.Rent();
        try
        {
            return await SequenceExecutor.RunAsync(State, connection, commands, Cancellation).ConfigureAwait(false);
        }
        finally
        {
            connections.Return(connection);
            slots.Release();
        }
    }

    /// <summary>Spreads a sequence's commands over the target's nodes as <paramref name="seed"/> says (<see cref="NodeChoice"/>); unchanged for a single target.</summary>
    public Command[] OnNodes(Command[] commands, ulong seed) => NodeChoice.Assign(commands, seed, State.Target.Nodes.Count);

    /// <summary>The seed of test <paramref name="index"/> of case <paramref name="caseName"/>: stable for a run seed.</summary>
    public ulong TestSeed(string caseName, int index)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in caseName)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Mix(Seed ^ hash ^ ((ulong)index * 0x9E3779B97F4A7C15UL));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
