namespace Tessera.Interop.Tests.OurServer;

/// <summary>What our server saw of one BlockUntilCancelled call (see interop.proto).</summary>
internal sealed class CancelObservation
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The call carried a <c>grpc-timeout</c>.</summary>
    public bool HadDeadline { get; private set; }

    /// <summary>The call ended through its cancellation token.</summary>
    public bool ObservedCancelled { get; private set; }

    /// <summary>Completes once the handler runs and has sent its headers.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes once the handler has ended.</summary>
    public Task Ended => _ended.Task;

    public void MarkStarted(bool hadDeadline)
    {
        HadDeadline = hadDeadline;
        _started.TrySetResult();
    }

    public void MarkEnded(bool cancelled)
    {
        ObservedCancelled = cancelled;
        _ended.TrySetResult();
    }
}
