using Tessera.Conformance.Execution;

namespace Tessera.Conformance.Commands;

/// <summary>Drops (cancels) an open watch stream; with no watcher left the disconnect grace starts (EVT-6).</summary>
internal sealed record DropCommand : Command
{
    /// <summary>Which open stream, by index (modulo their count); 0 by default.</summary>
    public int Watcher { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var open = context.Model.Watchers.Where(w => !w.Dropped && w.CountsAsOpen && context.Streams.ContainsKey(w.Handle)).ToList();
        if (open.Count == 0)
        {
            step.Command = "drop (no open stream)";
            return;
        }

        var watcher = open[Math.Abs(Watcher) % open.Count];
        step.Command = $"drop {watcher.Name} (watching {watcher.Session.Name})";
        var record = context.Streams[watcher.Handle];
        context.Streams.Remove(watcher.Handle);
        await record.Stream.DropAsync().ConfigureAwait(false);
        await record.Stream.DisposeAsync().ConfigureAwait(false);
        context.Model.DropWatcher(watcher);
        if (context.Profile.DisconnectGrace > TimeSpan.Zero)
        {
            await Task.Delay(context.Settings.SettleDelay, context.Cancellation).ConfigureAwait(false);
        }
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Watcher > 0)
        {
            yield return new DropCommand();
        }
    }

    public override string ToString() => $"drop(w{Watcher})";
}
