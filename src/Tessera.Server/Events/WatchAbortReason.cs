namespace Tessera.Server.Events;

/// <summary>Why a watch stream was cut before its terminal event.</summary>
internal enum WatchAbortReason
{
    /// <summary>The watcher fell too far behind: its buffer of live events filled up.</summary>
    Overflow,

    /// <summary>The server is shutting down (EVT-7).</summary>
    ServerShutdown,

    /// <summary>The shared store's event feed broke, so events may be missing here: resume (EVT-4).</summary>
    StoreUnavailable,
}
