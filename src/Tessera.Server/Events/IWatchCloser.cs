namespace Tessera.Server.Events;

/// <summary>Told once when a counted watch stream closes, so the watcher count drops (EVT-6).</summary>
internal interface IWatchCloser
{
    void CloseWatch(string sessionId);
}
