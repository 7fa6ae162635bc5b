using Grpc.Core;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (c) of <see cref="WatchCommand"/>: a refusal comes as the stream's
/// status before any event, so it is judged here; the events of an open
/// stream are judged after every later step (<see cref="EventJudge"/>).
/// </summary>
internal static class WatchJudgement
{
    /// <summary>Judges the stream's first answer when a refusal is possible; true when the stream was refused or wrongly opened (nothing more to follow).</summary>
    public static async Task<bool> JudgeRefusalAsync(WatchStream stream, WatchRequest request, WatchPrediction prediction, SequenceContext context, StepRecord step)
    {
        var expected = prediction.Expected;
        // A replay of a TERMINATED session is judged here too: a refusal of it
        // breaks EVT-5, which a later "event missing" finding would not name.
        if (expected.IsOk && expected.AlsoAcceptable.Count == 0 && request.Session is not { IsLive: false })
        {
            return false;
        }

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
            return true;
        }

        if (!expected.IsOk)
        {
            step.Expected.Add(expected.Describe());
            step.Actual.Add(stream.ReceivedCount > 0 ? $"stream delivered {stream.ReceivedCount} event(s)" : $"stream still open after {Format.Duration(wait)}");
            step.Findings.Add(new Finding(expected.Failures[0].Ids, $"expected the watch to fail with {expected.Reason}, but the stream {(stream.ReceivedCount > 0 ? "delivered events" : stream.Ended ? "ended with OK" : "stayed open")}"));
            await stream.DisposeAsync().ConfigureAwait(false);
            return true;
        }

        return false;
    }
}
