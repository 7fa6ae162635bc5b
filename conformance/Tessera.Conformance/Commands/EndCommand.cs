using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>EndSession on a session reference (END-1, END-2, END-3).</summary>
internal sealed record EndCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var (id, session, label) = context.ResolveSession(Session);
        step.Command = "end " + label + (session is null ? "" : $" ({Format.State(session.State)})");
        Expectation expected;
        if (id.Length == 0)
        {
            expected = Expectation.Fail(ErrorReasons.InvalidRequest, "SES-4");
        }
        else if (session is null)
        {
            expected = Expectation.Fail(ErrorReasons.SessionNotFound, "END-3", "SES-6");
        }
        else if (session.IsLive)
        {
            expected = Expectation.Ok("END-1");
        }
        else
        {
            var retained = context.Now < session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
            expected = Expectation.Ok("END-2") with { AlsoAcceptable = retained ? [] : [ErrorReasons.SessionNotFound] };
        }

        var answer = await context.Connection.EndSessionAsync(id, context.Cancellation).ConfigureAwait(false);
        if (context.Judge(step, expected, answer) == "OK" && session is { IsLive: true })
        {
            context.Model.Terminate(session, SessionEndReason.Ended, ["END-1"]);
            // An OK says nothing of the session's state: read it back in this step.
            context.ReadBackLater(session, ["END-1"]);
        }
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
