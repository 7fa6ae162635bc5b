namespace Tessera.Server.Sessions;

/// <summary>
/// The one hook for logging and metrics on session lifecycle changes. The
/// registry calls it after each store operation, outside every lock, on the
/// thread of the call or of the timer drain; implementations must be quick and
/// must not throw.
/// </summary>
internal interface ISessionLifecycleObserver
{
    void OnTransition(in SessionTransition transition);
}
