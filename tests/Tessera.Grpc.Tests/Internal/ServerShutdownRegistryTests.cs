using Microsoft.AspNetCore.Http;
using Tessera.Grpc.Internal;

namespace Tessera.Grpc.Tests.Internal;

/// <summary>
/// The per-method list that cancels live calls on server shutdown, in place
/// of a shutdown registration per call.
/// </summary>
public sealed class ServerShutdownRegistryTests
{
    [Fact]
    public void Stop_LiveCalls_EachCancelledWithShutdownReason()
    {
        using var shutdown = new CancellationTokenSource();
        var registry = new ServerShutdownRegistry(shutdown.Token);
        var calls = new[] { NewCall(), NewCall(), NewCall() };
        foreach (var call in calls)
        {
            registry.Add(call);
        }

        shutdown.Cancel();

        Assert.All(calls, call =>
        {
            Assert.True(call.CancellationToken.IsCancellationRequested);
            Assert.Equal(CallCancelReason.ServerShutdown, call.CancelReason);
        });
    }

    [Fact]
    public void Stop_RemovedCalls_LeftAlone()
    {
        using var shutdown = new CancellationTokenSource();
        var registry = new ServerShutdownRegistry(shutdown.Token);
        var first = NewCall();
        var middle = NewCall();
        var last = NewCall();
        registry.Add(first);
        registry.Add(middle);
        registry.Add(last);

        // Unlink from the middle, the head and the tail, and twice (idempotent).
        registry.Remove(middle);
        registry.Remove(last);
        registry.Remove(last);
        var kept = NewCall();
        registry.Add(kept);
        shutdown.Cancel();

        Assert.True(first.CancellationToken.IsCancellationRequested);
        Assert.True(kept.CancellationToken.IsCancellationRequested);
        Assert.False(middle.CancellationToken.IsCancellationRequested);
        Assert.False(last.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void Add_AfterShutdown_CancelledAtOnce()
    {
        using var shutdown = new CancellationTokenSource();
        var registry = new ServerShutdownRegistry(shutdown.Token);
        shutdown.Cancel();
        var call = NewCall();

        registry.Add(call);

        Assert.Equal(CallCancelReason.ServerShutdown, call.CancelReason);
    }

    [Fact]
    public void Stop_CallAlreadyCancelledByClient_KeepsTheFirstReason()
    {
        using var shutdown = new CancellationTokenSource();
        using var aborted = new CancellationTokenSource();
        var registry = new ServerShutdownRegistry(shutdown.Token);
        var call = NewCall(aborted.Token);
        registry.Add(call);

        aborted.Cancel();
        shutdown.Cancel();

        Assert.Equal(CallCancelReason.ClientAborted, call.CancelReason);
    }

    [Fact]
    public void Stop_CallbackOfOneCallThrows_OthersStillCancelledThenFailureReported()
    {
        using var shutdown = new CancellationTokenSource();
        var registry = new ServerShutdownRegistry(shutdown.Token);
        var failing = NewCall();
        var other = NewCall();
        registry.Add(failing);
        registry.Add(other);
        using var registration = failing.CancellationToken.Register(() => throw new InvalidOperationException("callback failed"));

        var ex = Assert.Throws<AggregateException>(shutdown.Cancel);

        Assert.Contains("callback failed", ex.ToString(), StringComparison.Ordinal);
        Assert.True(failing.CancellationToken.IsCancellationRequested);
        Assert.True(other.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void Constructor_TokenThatCannotCancel_CallsNeverCancelled()
    {
        var registry = new ServerShutdownRegistry(CancellationToken.None);
        var call = NewCall();

        registry.Add(call);
        registry.Remove(call);

        Assert.Equal(CallCancelReason.None, call.CancelReason);
    }

    private static ServerCallContext NewCall(CancellationToken requestAborted = default) =>
        new(new DefaultHttpContext { RequestAborted = requestAborted }, "/test.Echo/ServerStream");
}
