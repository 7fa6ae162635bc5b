using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>EndSession on a session reference (END-1, END-2, END-3).</summary>
internal sealed record EndCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    // Small enough for one file: (a) is the session reference, (c) is the
    // status alone (the read-back judges the state), (b) and (d) are the methods below.
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var (id, session, label) = context.ResolveSession(Session);
        step.Command = "end " + label + (session is null ? "" : $" ({Format.State(session.State)})");
        var expected = Predict(id, session, context);
        var answer = await context.Connection.EndSessionAsync(id, context.Cancellation).ConfigureAwait(false);
        if (context.Judge(step, expected, answer) == "OK" && session is { IsLive: true })
        {
            Apply(session, context);
        }
    }

    /// <summary>Job (b): the answer the model predicts (SES-4, SES-6, END-1 to END-3).</summary>
    private static Expectation Predict(string id, ModelSession? session, SequenceContext context)
    {
        if (id.Length == 0)
        {
            return Expectation.Fail(ErrorReasons.InvalidRequest, Req.SES_4);
        }

        if (session is null)
        {
            return Expectation.Fail(ErrorReasons.SessionNotFound, Req.END_3, Req.SES_6);
        }

        if (session.IsLive)
        {
            return Expectation.Ok(Req.END_1);
        }

        var retained = context.Now < session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
        return Expectation.Ok(Req.END_2) with { AlsoAcceptable = retained ? [] : [ErrorReasons.SessionNotFound] };
    }

    /// <summary>Job (d): an ended live session is terminated with ENDED.</summary>
    private static void Apply(ModelSession session, SequenceContext context)
    {
        context.Model.Terminate(session, SessionEndReason.Ended, [Req.END_1]);
        // An OK says nothing of the session's state: read it back in this step.
        context.ReadBackLater(session, [Req.END_1]);
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Session > 0)
        {
            yield return new EndCommand();
        }
    }

    public override string ToString() => $"end(s{Session})";
}
