using Tessera.Conformance.Execution;
using Tessera.Conformance.Target;

namespace Tessera.Conformance.Commands;

/// <summary>Job (d) of <see cref="WatchCommand"/>: an open stream becomes a model watcher, whose events every later step judges.</summary>
internal static class WatchModelUpdate
{
    public static async Task ApplyAsync(WatchStream stream, WatchRequest request, WatchPrediction prediction, SequenceContext context, StepRecord step)
    {
        var session = request.Session!;
        step.Expected.Add($"stream replays {prediction.Replay} event(s){(session.IsLive ? ", then follows live ones" : ", then ends OK")}");
        step.Actual.Add("stream open");
        var watcher = context.Model.AddWatcher(session, request.ResumeAfter);
        context.Streams[watcher.Handle] = new WatchRecord(stream, prediction.Replay) { OnTerminated = !session.IsLive };
        step.Actual[^1] += " -> " + watcher.Name;
        if (session.IsLive && context.Profile.DisconnectGrace > TimeSpan.Zero)
        {
            // Opening a stream has no acknowledgement: let the target see it before the clock moves.
            await Task.Delay(context.Settings.SettleDelay, context.Cancellation).ConfigureAwait(false);
        }
    }
}
