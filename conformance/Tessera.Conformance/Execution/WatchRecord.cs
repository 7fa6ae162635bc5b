using Tessera.Conformance.Target;

namespace Tessera.Conformance.Execution;

/// <summary>A watch stream the sequence opened, with how many events it had to replay when it opened.</summary>
internal sealed class WatchRecord(WatchStream stream, int replayed)
{
    public WatchStream Stream { get; } = stream;

    /// <summary>Events that existed when the watch opened (EVT-4 replay).</summary>
    public int Replayed { get; } = replayed;

    /// <summary>True when the watch opened on a TERMINATED session: a replay that EVT-5 governs, not a live stream.</summary>
    public bool OnTerminated { get; init; }

    /// <summary>Events already written into a step's expected/actual lines.</summary>
    public int Shown { get; set; }

    /// <summary>True once the stream ended exactly as the model said: nothing more to check.</summary>
    public bool Settled { get; set; }
}
