using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

/// <summary>Counts transitions by kind without keeping their snapshots, for memory measurements.</summary>
internal sealed class CountingObserver : ISessionLifecycleObserver
{
    private readonly int[] _counts = new int[Enum.GetValues<SessionTransitionKind>().Length];

    public int Count(SessionTransitionKind kind) => Volatile.Read(ref _counts[(int)kind]);

    public void OnTransition(in SessionTransition transition) => Interlocked.Increment(ref _counts[(int)transition.Kind]);
}
