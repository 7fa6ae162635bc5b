using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (a) of <see cref="WatchCommand"/>: the session the reference names and
/// the resume_after_seq its choice stands for, relative to that session's
/// last event and the target's replay capacity.
/// </summary>
internal sealed record WatchRequest : SessionRequest
{
    public required WatchSessionRequest Wire { get; init; }

    public override string SessionId => Wire.SessionId;

    /// <summary>The session's last seq (0 without a session).</summary>
    public required ulong Last { get; init; }

    /// <summary>The resume_after_seq sent.</summary>
    public ulong ResumeAfter => Wire.ResumeAfterSeq;

    public static WatchRequest Build(WatchCommand command, SequenceContext context)
    {
        var (id, session, label) = context.ResolveSession(command.Session);
        var last = session?.LastSeq ?? 0;
        var capacity = (ulong)Math.Max(1, context.Profile.EventReplayCapacity);
        var back = (ulong)Math.Max(1, command.Back);
        var after = command.Resume switch
        {
            ResumeChoice.FromLast => last,
            ResumeChoice.Back => last > back ? last - back : 0,
            ResumeChoice.Beyond => last + 1 + (ulong)(Math.Abs(command.Back) % 2),
            ResumeChoice.TooOld => last > capacity + 1 ? last - capacity - 1 : 0,
            _ => 0UL,
        };
        return new WatchRequest { Wire = new WatchSessionRequest { SessionId = id, ResumeAfterSeq = after }, Session = session, Label = label, Last = last };
    }
}
