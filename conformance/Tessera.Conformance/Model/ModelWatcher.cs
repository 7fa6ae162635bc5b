namespace Tessera.Conformance.Model;

/// <summary>A watch stream the model follows: it must deliver every event of its session after <see cref="ResumeAfter"/> (EVT-2, EVT-4).</summary>
internal sealed class ModelWatcher(int handle, ModelSession session, ulong resumeAfter, bool countsAsOpen)
{
    /// <summary>w0, w1, ... in open order.</summary>
    public int Handle { get; } = handle;

    public ModelSession Session { get; } = session;

    public ulong ResumeAfter { get; } = resumeAfter;

    /// <summary>True while the stream is open and counts against EVT-6 (a live session's watcher the client has not dropped).</summary>
    public bool CountsAsOpen { get; set; } = countsAsOpen;

    /// <summary>True once the client dropped the stream: nothing is expected from it any more.</summary>
    public bool Dropped { get; set; }

    public string Name => "w" + Handle.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The events this stream must deliver so far, in order.</summary>
    public IEnumerable<ModelEvent> ExpectedEvents()
    {
        foreach (var e in Session.Events)
        {
            if (e.Seq > ResumeAfter)
            {
                yield return e;
            }
        }
    }

    /// <summary>True when the stream must have ended with OK after its last expected event (EVT-3).</summary>
    public bool MustEnd => Session.State == ModelSessionState.Terminated;
}
