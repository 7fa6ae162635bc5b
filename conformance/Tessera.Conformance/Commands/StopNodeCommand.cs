using Tessera.Conformance.Execution;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Stops one node of a cluster target for good, through the caller's hook.
/// Nothing about the sessions changes: every other node must go on serving
/// them, timers included (EXP-1 and EXP-5 hold for the deployment, not per
/// node). Only possible when the caller gave a node-stop hook.
/// </summary>
internal sealed record StopNodeCommand : Command
{
    /// <summary>The node to stop, by index (modulo the count); 0 by default.</summary>
    public int Target { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var count = context.Nodes.Nodes.Count;
        var target = Target % count;
        if (context.Run.Target.StopNode is not { } stop || count < 2)
        {
            step.Command = $"stop node {target + 1} (no node-stop hook or a single node)";
            return;
        }

        step.Command = $"stop node {target + 1} ({context.Nodes.Addresses[target]}) for good";
        await stop(target).ConfigureAwait(false);
    }

    public override string ToString() => $"stop-node({Target})";
}
