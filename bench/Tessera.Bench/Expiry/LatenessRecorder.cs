using Tessera.Server.Sessions;

namespace Tessera.Bench.Expiry;

/// <summary>
/// Records, for every session that leaves ACTIVE on its Expire timer, how late
/// that happened: the store's clock at the transition (the snapshot's AsOf)
/// minus exp + leeway. Terminations by the grace timer are recorded the same
/// way against exp + leeway + expiry_grace. Preallocated: the observer runs on
/// the scheduler's drain thread and must not slow it down.
/// </summary>
internal sealed class LatenessRecorder : ISessionLifecycleObserver
{
    private readonly TimeSpan _leeway;
    private readonly TimeSpan _grace;
    private readonly double[] _expire;
    private readonly double[] _terminate;
    private int _expireCount;
    private int _terminateCount;

    public LatenessRecorder(int capacity, TimeSpan leeway, TimeSpan grace)
    {
        _leeway = leeway;
        _grace = grace;
        _expire = new double[capacity];
        _terminate = new double[capacity];
    }

    public int ExpireCount => Volatile.Read(ref _expireCount);

    public int TerminateCount => Volatile.Read(ref _terminateCount);

    public void OnTransition(in SessionTransition transition)
    {
        var session = transition.Session;
        switch (transition.Kind)
        {
            case SessionTransitionKind.Expired:
                Record(_expire, ref _expireCount, session.AsOf - (session.ExpiresAt + _leeway));
                break;
            case SessionTransitionKind.Terminated when session.EndReason == Protocol.V1.SessionEndReason.TokenExpired:
                Record(_terminate, ref _terminateCount, session.AsOf - (session.ExpiresAt + _leeway + _grace));
                break;
        }
    }

    /// <summary>Lateness in milliseconds of the Expire firings seen so far, sorted.</summary>
    public double[] SortedExpire() => Sorted(_expire, ExpireCount);

    /// <summary>Lateness in milliseconds of the Terminate firings seen so far, sorted.</summary>
    public double[] SortedTerminate() => Sorted(_terminate, TerminateCount);

    private static void Record(double[] samples, ref int count, TimeSpan lateness)
    {
        var index = Interlocked.Increment(ref count) - 1;
        if (index < samples.Length)
        {
            samples[index] = lateness.TotalMilliseconds;
        }
    }

    private static double[] Sorted(double[] samples, int count)
    {
        var copy = samples.AsSpan(0, Math.Min(count, samples.Length)).ToArray();
        Array.Sort(copy);
        return copy;
    }
}
