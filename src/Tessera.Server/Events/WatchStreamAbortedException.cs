namespace Tessera.Server.Events;

/// <summary>
/// Ends a watch stream that cannot go on, before the session's terminal event.
/// The client loses nothing: it resumes with the last seq it saw (EVT-4). The
/// gRPC handler should answer UNAVAILABLE for both reasons (EVT-7).
/// </summary>
internal sealed class WatchStreamAbortedException : Exception
{
    public WatchStreamAbortedException(WatchAbortReason reason)
        : base(MessageFor(reason))
    {
        Reason = reason;
    }

    public WatchAbortReason Reason { get; }

    private static string MessageFor(WatchAbortReason reason) => reason switch
    {
        WatchAbortReason.Overflow => "the watch stream fell too far behind and was dropped; resume with the last seq received",
        WatchAbortReason.ServerShutdown => "the server is shutting down; resume with the last seq received",
        WatchAbortReason.StoreUnavailable => "the session store's event feed broke on this node; resume with the last seq received",
        _ => "the watch stream was aborted",
    };
}
