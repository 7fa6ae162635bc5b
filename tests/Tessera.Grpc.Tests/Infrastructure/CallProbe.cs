using System.Collections.Concurrent;

namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>
/// What the test handlers saw, keyed by the <c>x-test-id</c> request header,
/// so a test can wait for "the handler started" and "the handler's token
/// fired" instead of sleeping.
/// </summary>
public sealed class CallProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ServerCallContext>> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ServerCallContext>> _cancelled = new();
    private int _handlerRuns;

    /// <summary>How many handler invocations there have been, of any method.</summary>
    public int HandlerRuns => Volatile.Read(ref _handlerRuns);

    public void MarkRun() => Interlocked.Increment(ref _handlerRuns);

    public void MarkStarted(ServerCallContext context) => Slot(_started, IdOf(context)).TrySetResult(context);

    public void MarkCancelled(ServerCallContext context) => Slot(_cancelled, IdOf(context)).TrySetResult(context);

    public Task<ServerCallContext> Started(string id) => Slot(_started, id).Task.WaitAsync(Patience);

    public Task<ServerCallContext> Cancelled(string id) => Slot(_cancelled, id).Task.WaitAsync(Patience);

    public static string IdOf(ServerCallContext context) => context.RequestHeaders.GetValue("x-test-id") ?? string.Empty;

    private static TaskCompletionSource<ServerCallContext> Slot(ConcurrentDictionary<string, TaskCompletionSource<ServerCallContext>> map, string id) =>
        map.GetOrAdd(id, static _ => new TaskCompletionSource<ServerCallContext>(TaskCreationOptions.RunContinuationsAsynchronously));
}
