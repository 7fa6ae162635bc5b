using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Grpc.Core;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// WatchSession on a session reference from some resume point. The stream
/// stays open; after every later step the executor checks that it delivered
/// exactly the events the model predicts (EVT-1 to EVT-5).
/// </summary>
internal sealed record WatchCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    /// <summary>Where the watch starts (EVT-4); from the first event by default.</summary>
    public ResumeChoice Resume { get; init; } = ResumeChoice.FromStart;

    /// <summary>How many events back, for <see cref="ResumeChoice.Back"/> (and past the last, for <see cref="ResumeChoice.Beyond"/>); 0 by default.</summary>
    public int Back { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var model = context.Model;
        var (id, session, label) = context.ResolveSession(Session);
        var last = session?.LastSeq ?? 0;
        var capacity = (ulong)Math.Max(1, context.Profile.EventReplayCapacity);
        var after = Resume switch
        {
            ResumeChoice.FromLast => last,
            ResumeChoice.Back => last > (ulong)Math.Max(1, Back) ? last - (ulong)Math.Max(1, Back) : 0,
            ResumeChoice.Beyond => last + 1 + (ulong)(Math.Abs(Back) % 2),
            ResumeChoice.TooOld => last > capacity + 1 ? last - capacity - 1 : 0,
            _ => 0UL,
        };

        Expectation expected;
        var replay = session is null ? 0 : session.Events.Count(e => e.Seq > after);
        var oldestKept = last > capacity ? last - capacity + 1 : 1;
        var mayBeForgotten = after + 1 < oldestKept && replay > 0;
        if (id.Length == 0)
        {
            expected = Expectation.Fail(ErrorReasons.InvalidRequest, "SES-4");
        }
        else if (session is null)
        {
            expected = Expectation.Fail(ErrorReasons.SessionNotFound, "SES-6");
        }
        else if (!session.IsLive && replay == 0)
        {
            // SESSION_TERMINATED ranks before any other check of a
            // session-bound call (ERR-4), RESUME_UNAVAILABLE included.
            var retained = context.Now < session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
            expected = new Expectation
            {
                Failures = after > last
                    ? [new Rule(ErrorReasons.SessionTerminated, ["EVT-5"]), new Rule(ErrorReasons.ResumeUnavailable, ["EVT-4"])]
                    : [new Rule(ErrorReasons.SessionTerminated, ["EVT-5"])],
                EndReason = session.EndReason,
                EndReasonIds = session.TerminationIds,
                AlsoAcceptable = retained ? [] : [ErrorReasons.SessionNotFound],
            };
        }
        else if (after > last)
        {
            expected = Expectation.Fail(ErrorReasons.ResumeUnavailable, "EVT-4");
        }
        else
        {
            var alternatives = new List<string>();
            if (mayBeForgotten)
            {
                alternatives.Add(ErrorReasons.ResumeUnavailable);
            }

            if (!session.IsLive && context.Now >= session.TerminatedAt!.Value + context.Profile.TerminatedRetention)
            {
                alternatives.Add(ErrorReasons.SessionNotFound);
            }

            expected = Expectation.Ok(session.IsLive ? ["EVT-4", "EVT-2"] : ["EVT-5"]) with { AlsoAcceptable = alternatives };
        }

        step.Command = $"watch {label} resume_after_seq={after}" + (session is null ? "" : $" (last seq {last}, {Format.State(session.State)})");
        var stream = context.Connection.Watch(id, after);

        // A replay of a TERMINATED session is judged here too: a refusal of it
        // breaks EVT-5, which a later "event missing" finding would not name.
        if (!expected.IsOk || expected.AlsoAcceptable.Count > 0 || session is { IsLive: false })
        {
            // A refusal comes as the stream's status before any event. When only a
            // refusal is right, wait as long as for any answer (the call timeout): a
            // loaded target may take longer than an event's timeout to answer, and a
            // correct one ends the stream at once, so only a wrong one costs the wait.
            // When an open stream is right too, it may stay silent: the event timeout.
            var wait = expected.IsOk ? context.Settings.EventTimeout : context.Run.Target.CallTimeout;
            await stream.WaitForCountAsync(1, wait).ConfigureAwait(false);
            if (stream.Ended && stream.ReceivedCount == 0 && stream.EndCode != StatusCode.OK)
            {
                step.Expected.Add(expected.Describe());
                step.Actual.Add("stream ended " + AnswerText.Describe(stream.EndCode!.Value, stream.EndError, stream.EndDetail));
                AnswerJudge.Judge(expected, stream.EndCode.Value, stream.EndError, step.Findings);
                return;
            }

            if (!expected.IsOk)
            {
                step.Expected.Add(expected.Describe());
                step.Actual.Add(stream.ReceivedCount > 0 ? $"stream delivered {stream.ReceivedCount} event(s)" : $"stream still open after {Format.Duration(wait)}");
                step.Findings.Add(new Finding(expected.Failures[0].Ids, $"expected the watch to fail with {expected.Reason}, but the stream {(stream.ReceivedCount > 0 ? "delivered events" : stream.Ended ? "ended with OK" : "stayed open")}"));
                await stream.DisposeAsync().ConfigureAwait(false);
                return;
            }
        }

        step.Expected.Add($"stream replays {replay} event(s){(session!.IsLive ? ", then follows live ones" : ", then ends OK")}");
        step.Actual.Add("stream open");
        var watcher = model.AddWatcher(session, after);
        context.Streams[watcher.Handle] = new WatchRecord(stream, replay) { OnTerminated = !session.IsLive };
        step.Actual[^1] += " -> " + watcher.Name;
        if (session.IsLive && context.Profile.DisconnectGrace > TimeSpan.Zero)
        {
            await Task.Delay(context.Settings.SettleDelay, context.Cancellation).ConfigureAwait(false);
        }
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Resume != ResumeChoice.FromStart)
        {
            yield return this with { Resume = ResumeChoice.FromStart, Back = 0 };
        }

        if (Session > 0)
        {
            yield return this with { Session = 0 };
        }
    }

    public override string ToString() => $"watch(s{Session}, {Resume}, {Back})";
}
