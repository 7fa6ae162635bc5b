using Tessera.Protocol.V1;

namespace Tessera.Server.Events;

/// <summary>
/// Receives every event a session store commits, for delivery to watchers.
/// </summary>
/// <remarks>
/// Contract for stores: for each session, <see cref="Publish"/> is called in seq
/// order, once per event, after the event is part of the session's log, and before
/// the store operation that appended it returns (the in-memory store calls it under
/// the session's lock; a Redis store PUBLISHes from the same script that appends,
/// and its subscriber calls it in message order). That order is what lets a
/// watcher trust seq order (EVT-2) and what makes test-clock advances complete
/// (CLK-3). Implementations must be fast and must not call back into the store.
/// </remarks>
internal interface ISessionEventSink
{
    void Publish(string sessionId, SessionEvent sessionEvent);
}
