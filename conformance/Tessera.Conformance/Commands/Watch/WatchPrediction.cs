using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (b) of <see cref="WatchCommand"/>: whether the watch opens, and how many
/// events it replays (EVT-4, EVT-5, SES-4, SES-6). The events themselves are
/// predicted by the model's watcher, after every later step.
/// </summary>
internal sealed record WatchPrediction
{
    public required Expectation Expected { get; init; }

    /// <summary>How many events an open stream replays first.</summary>
    public required int Replay { get; init; }

    public static WatchPrediction Predict(WatchRequest request, SequenceContext context)
    {
        var (session, last, after) = (request.Session, request.Last, request.ResumeAfter);
        var capacity = (ulong)Math.Max(1, context.Profile.EventReplayCapacity);
        var replay = session is null ? 0 : session.Events.Count(e => e.Seq > after);
        var oldestKept = last > capacity ? last - capacity + 1 : 1;
        var mayBeForgotten = after + 1 < oldestKept && replay > 0;
        Expectation expected;
        if (request.SessionId.Length == 0)
        {
            expected = Expectation.Fail(ErrorReasons.InvalidRequest, Req.SES_4);
        }
        else if (session is null)
        {
            expected = Expectation.Fail(ErrorReasons.SessionNotFound, Req.SES_6);
        }
        else if (!session.IsLive && replay == 0)
        {
            // SESSION_TERMINATED ranks before any other check of a
            // session-bound call (ERR-4), RESUME_UNAVAILABLE included.
            var retained = context.Now < session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
            expected = new Expectation
            {
                Failures = after > last
                    ? [new Rule(ErrorReasons.SessionTerminated, [Req.EVT_5]), new Rule(ErrorReasons.ResumeUnavailable, [Req.EVT_4])]
                    : [new Rule(ErrorReasons.SessionTerminated, [Req.EVT_5])],
                EndReason = session.EndReason,
                EndReasonIds = session.TerminationIds,
                AlsoAcceptable = retained ? [] : [ErrorReasons.SessionNotFound],
            };
        }
        else if (after > last)
        {
            expected = Expectation.Fail(ErrorReasons.ResumeUnavailable, Req.EVT_4);
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

            expected = Expectation.Ok(session.IsLive ? [Req.EVT_4, Req.EVT_2] : [Req.EVT_5]) with { AlsoAcceptable = alternatives };
        }

        return new WatchPrediction { Expected = expected, Replay = replay };
    }
}
