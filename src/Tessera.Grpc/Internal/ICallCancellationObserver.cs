namespace Tessera.Grpc.Internal;

/// <summary>
/// Told by <see cref="ServerCallContext"/> when its call is cancelled. One
/// direct call instead of a token registration per call, which an idle
/// long-lived stream would hold for its whole life.
/// </summary>
internal interface ICallCancellationObserver
{
    /// <summary>Runs once, after the call's cancellation token has fired.</summary>
    void OnCallCancelled();
}
