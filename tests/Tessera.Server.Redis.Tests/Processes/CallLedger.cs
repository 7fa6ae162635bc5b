using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Server.Redis.Tests.Processes;

/// <summary>How a call answered, as far as the Redis-stop test cares.</summary>
internal enum Answer
{
    Ok,

    /// <summary>UNAVAILABLE with ErrorInfo STORE_UNAVAILABLE: the fail-closed answer.</summary>
    StoreUnavailable,

    /// <summary>Anything else: a wrong status, a missing reason, a deadline (a hang).</summary>
    Other,
}

internal enum CallKind
{
    Start,
    Update,
    End,
}

/// <summary>One call of a session's life: where it went, what it asked for, how it answered.</summary>
internal sealed record Call(CallKind Kind, string Node, DateTimeOffset? ExpiresAt, Answer Answer, string Detail);

/// <summary>One session's life as a worker tried it: start, update, end, stopping at the first call that was not OK.</summary>
internal sealed class SessionLife
{
    public SessionLife(string instance, int phase)
    {
        Instance = instance;
        Phase = phase;
    }

    public string Instance { get; }

    /// <summary>The run's phase when the life began (<see cref="CallLedger.Phase"/>).</summary>
    public int Phase { get; }

    public string? SessionId { get; set; }

    public List<Call> Calls { get; } = [];

    public bool Completed => Calls.Count == 3 && Calls.All(c => c.Answer == Answer.Ok);

    public override string ToString() =>
        $"{Instance} ({SessionId ?? "no id"}, phase {Phase}): " + string.Join(", ", Calls.Select(c => $"{c.Kind}@{c.Node}={c.Answer}{(c.Answer == Answer.Other ? " " + c.Detail : "")}"));
}

/// <summary>
/// Every call the Redis-stop test's workers made, with the run's phase (Redis up, killed,
/// back, hung, going on), so the test waits on what happened (counts), never on time passing.
/// </summary>
internal sealed class CallLedger
{
    public const int Running = 0;
    public const int RedisDown = 1;
    public const int RedisBack = 2;
    public const int RedisHung = 3;
    public const int RedisGoesOn = 4;

    private readonly List<SessionLife> _lives = [];
    private readonly Dictionary<string, int> _unavailableByNode = new(StringComparer.Ordinal);
    private volatile int _phase;

    public int Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public IReadOnlyList<SessionLife> Lives
    {
        get
        {
            lock (_lives)
            {
                return [.. _lives];
            }
        }
    }

    public static string? Reason(RpcException e) => e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    public static Answer Classify(RpcException e, out string detail)
    {
        var reason = Reason(e);
        detail = $"{e.StatusCode} {reason ?? "(no ErrorInfo)"}: {e.Status.Detail}";
        return e.StatusCode == StatusCode.Unavailable && reason == ErrorReasons.StoreUnavailable ? Answer.StoreUnavailable : Answer.Other;
    }

    public SessionLife Begin(string instance)
    {
        var life = new SessionLife(instance, Phase);
        lock (_lives)
        {
            _lives.Add(life);
        }

        return life;
    }

    public void Record(SessionLife life, Call call)
    {
        lock (_lives)
        {
            life.Calls.Add(call);
            if (call.Answer == Answer.StoreUnavailable)
            {
                _unavailableByNode[call.Node] = _unavailableByNode.GetValueOrDefault(call.Node) + 1;
            }
        }
    }

    public int UnavailableAnswers(string node)
    {
        lock (_lives)
        {
            return _unavailableByNode.GetValueOrDefault(node);
        }
    }

    /// <summary>Lives begun in <paramref name="phase"/> whose three calls all answered OK.</summary>
    public int Completed(int phase)
    {
        lock (_lives)
        {
            return _lives.Count(l => l.Phase == phase && l.Completed);
        }
    }
}
