using System.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tests.Robustness;

/// <summary>
/// Well-typed but arbitrary answers from one seeded generator: any field
/// value, any status code, with or without an ErrorInfo whose reason,
/// action and end_reason are real names, strange ones or missing. Shared by
/// concurrent calls, so every draw takes a lock; the order of draws still
/// depends on call timing, so a seed makes a run likely, not certain, to repeat.
/// </summary>
internal sealed class RandomAnswers(int seed)
{
    private static readonly string[] Reasons = [.. typeof(ErrorReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(ErrorReasons.Domain))
        .Select(f => (string)f.GetRawConstantValue()!)];

    private static readonly string[] Actions = [.. System.Enum.GetNames<Server.Errors.ErrorAction>().Select(n => n.ToUpperInvariant()), "refresh_token", "LATER"];

    private static readonly string[] Words = ["", "a", "tessera-dev", "tessera-dev-2", "tessera:guest", "member", "editor", "x\u00e9\U0001F600", new string('z', 300), "\0", "tessera.v1"];

    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p)
    {
        lock (_lock)
        {
            return _random.NextDouble() < p;
        }
    }

    public int Next(int minInclusive, int maxExclusive)
    {
        lock (_lock)
        {
            return _random.Next(minInclusive, maxExclusive);
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    /// <summary>Usually one of <paramref name="likely"/>, sometimes any word.</summary>
    public string Text(params string[] likely) => likely.Length > 0 && Chance(0.7) ? Pick(likely) : Pick(Words);

    public T Enum<T>()
        where T : struct, System.Enum
    {
        var values = System.Enum.GetValues<T>();
        // One time in eight a number the proto does not name: open enums carry it.
        return Chance(0.125) ? (T)(object)Next(-3, 40) : values[Next(0, values.Length)];
    }

    public Duration? Duration()
    {
        if (Chance(0.1))
        {
            return null;
        }

        long[] seconds = [0, 0, 1, 5, 30, 60, 61, 600, 3600, 86_400, 400L * 86_400, -1];
        return new Duration { Seconds = Pick(seconds), Nanos = Chance(0.2) ? Next(0, 999_999_999) : 0 };
    }

    /// <summary>Near <paramref name="now"/> mostly, sometimes far off, missing or at the epoch.</summary>
    public Timestamp? Time(DateTimeOffset now)
    {
        if (Chance(0.1))
        {
            return null;
        }

        if (Chance(0.05))
        {
            return new Timestamp();
        }

        if (Chance(0.03))
        {
            // Outside google.protobuf.Timestamp's range: well-typed on the wire, invalid in meaning.
            return new Timestamp { Seconds = Chance(0.5) ? 300_000_000_000 : 1_800_000_000, Nanos = Chance(0.5) ? -1 : 1_500_000_000 };
        }

        var offset = TimeSpan.FromSeconds(Next(-7200, 7200)) + TimeSpan.FromTicks(Chance(0.3) ? Next(0, 10_000_000) : 0);
        return Timestamp.FromDateTimeOffset(now + (Chance(0.3) ? TimeSpan.Zero : offset));
    }

    public IEnumerable<string> Strings(params string[] likely)
    {
        var count = Next(0, 4);
        for (var i = 0; i < count; i++)
        {
            yield return Text(likely);
        }
    }

    public Session Session(DateTimeOffset now, string? sessionId, string? instance)
    {
        var session = new Session
        {
            SessionId = sessionId is not null && Chance(0.7) ? sessionId : Text("s-" + Next(0, 5)),
            ClientInstanceId = instance is not null && Chance(0.7) ? instance : Text(),
            UserId = Text("a", "alice", "tessera-user", "p"),
            State = Enum<SessionState>(),
            ExpiresAt = Time(now),
            ServerTime = Chance(0.8) ? Timestamp.FromDateTimeOffset(now) : Time(now),
            Guest = Chance(0.2),
            Issuer = Text("tessera-dev", "tessera:guest"),
            EndReason = Enum<SessionEndReason>(),
        };
        session.Roles.Add(Strings("editor", "member", "admin"));
        return session;
    }

    public SessionEvent Event(DateTimeOffset now)
    {
        var e = new SessionEvent { Seq = (ulong)Next(0, 12), Time = Time(now) };
        switch (Next(0, 5))
        {
            case 0:
                e.TokenExpiring = new TokenExpiring { ExpiresAt = Time(now) };
                break;
            case 1:
                e.TokenExpired = new TokenExpired { TerminatesAt = Time(now) };
                break;
            case 2:
                e.TokenUpdated = new TokenUpdated { ExpiresAt = Time(now) };
                break;
            case 3:
                e.Terminated = new SessionTerminated { Reason = Enum<SessionEndReason>(), Message = Text() };
                break;
            default:
                // No kind at all: an event the oneof leaves empty.
                break;
        }

        return e;
    }

    /// <summary>A refusal: any code but OK, with a well-formed ErrorInfo, a strange one, or none.</summary>
    public RpcException Refusal()
    {
        var codes = System.Enum.GetValues<StatusCode>().Where(c => c != StatusCode.OK).ToArray();
        var code = Pick(codes);
        if (Chance(0.2))
        {
            return new RpcException(new Grpc.Core.Status(code, Text("no details")));
        }

        var info = new ErrorInfo { Domain = Chance(0.85) ? ErrorReasons.Domain : Text(), Reason = Chance(0.85) ? Pick(Reasons) : Text() };
        if (Chance(0.8))
        {
            info.Metadata.Add("action", Pick(Actions));
        }

        if (Chance(0.3))
        {
            info.Metadata.Add("end_reason", Chance(0.8) ? Pick([.. EndReasonNames.All]) : Text());
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = Text("refused") };
        if (Chance(0.9))
        {
            status.Details.Add(Any.Pack(info));
        }

        if (Chance(0.1))
        {
            status.Details.Add(Any.Pack(new ErrorInfo { Domain = "elsewhere", Reason = Text() }));
        }

        return status.ToRpcException();
    }
}
