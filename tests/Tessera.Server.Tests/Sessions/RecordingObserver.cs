using System.Collections.Concurrent;
using Tessera.Server.Sessions;

namespace Tessera.Server.Tests.Sessions;

/// <summary>Keeps every lifecycle transition the registry reports.</summary>
internal sealed class RecordingObserver : ISessionLifecycleObserver
{
    public ConcurrentQueue<SessionTransition> Transitions { get; } = new();

    public void OnTransition(in SessionTransition transition) => Transitions.Enqueue(transition);

    public int Count(SessionTransitionKind kind) => Transitions.Count(t => t.Kind == kind);
}
