using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>GetSession on a session reference (SES-6, EXP-3, END-3).</summary>
internal sealed record GetCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    // Small enough for one file: (a) is the session reference, (d) is nothing
    // (a read changes no state), (b) and (c) are the methods below.
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var (id, session, label) = context.ResolveSession(Session);
        step.Command = "get " + label + (session is null ? "" : $" ({Format.State(session.State)})");
        var answer = await context.Connection.GetSessionAsync(id, context.Cancellation).ConfigureAwait(false);
        var expected = Predict(id, session, answer.Response?.Session?.State ?? SessionState.Unspecified, context);
        if (context.Judge(step, expected, answer) == "OK" && session is not null)
        {
            JudgeAccepted(session, answer.Response?.Session, context, step);
        }
    }

    /// <summary>Job (b): the answer the model predicts; the state an OK reported tells which rule an OK on an EXPIRED session broke.</summary>
    private static Expectation Predict(string id, ModelSession? session, SessionState reported, SequenceContext context) =>
        id.Length == 0
            ? Expectation.Fail(ErrorReasons.InvalidRequest, Req.SES_4)
            : session is null
                ? Expectation.Fail(ErrorReasons.SessionNotFound, Req.SES_6)
                : context.ReadExpectation(session, [Req.SES_6], reported);

    /// <summary>Job (c): an answered read shows the session as the model has it (SES-6).</summary>
    private static void JudgeAccepted(ModelSession session, Protocol.V1.Session? answered, SequenceContext context, StepRecord step) =>
        SessionJudge.Check(answered, session.SessionId, session.InstanceId, session.Identity, session.Roles,
            session.ExpiresAt, session.State, context.Now, context.Tolerance, [Req.SES_6], step.Findings);

    public override IEnumerable<Command> Simplify()
    {
        if (Session > 0)
        {
            yield return new GetCommand();
        }
    }

    public override string ToString() => $"get(s{Session})";
}
