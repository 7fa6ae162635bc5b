using Tessera.Conformance.Execution;
using Tessera.Conformance.Target;
using Grpc.Core;
using Tessera.Protocol;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Stops the target while a watch stream is open: the stream SHOULD end with
/// UNAVAILABLE (EVT-7). Only possible when the caller gave a shutdown hook.
/// </summary>
internal sealed record ShutdownCommand : Command
{
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var watcher = context.Model.Watchers.LastOrDefault(w => !w.Dropped && w.CountsAsOpen);
        if (watcher is null || context.Run.Target.Shutdown is not { } shutdown || !context.Streams.TryGetValue(watcher.Handle, out var record))
        {
            step.Command = "shut the target down (no open stream or no shutdown hook)";
            return;
        }

        step.Command = $"shut the target down while {watcher.Name} is open";
        context.Streams.Remove(watcher.Handle);
        // Opening a watch is not acknowledged until the target sends the
        // response headers: shut down before that and, under load, the call may
        // not have reached the target at all, and fail to connect instead.
        await record.Stream.WaitForHeadersAsync(context.Settings.EventTimeout).ConfigureAwait(false);
        var reached = record.Stream.HeadersReceived;
        await shutdown().ConfigureAwait(false);
        var ended = await record.Stream.WaitForEndAsync(context.Settings.EventTimeout * 2).ConfigureAwait(false);
        step.Expected.Add($"{watcher.Name} ends with UNAVAILABLE SERVER_SHUTTING_DOWN");
        if (!reached)
        {
            // Nothing showed the target had the call, so how it ended says nothing about the target.
            step.Actual.Add($"{watcher.Name} had no response headers before the shutdown; not judged");
            await record.Stream.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var stream = record.Stream;
        var how = !ended ? "stayed open"
            : stream.EndedByTransport ? $"lost its connection without a status ({AnswerText.CodeName(stream.EndCode!.Value)} made by the client: {stream.EndDetail})"
            : "ended with " + AnswerText.Describe(stream.EndCode!.Value, stream.EndError, "");
        step.Actual.Add(ended && !stream.EndedByTransport ? $"{watcher.Name} ended {AnswerText.Describe(stream.EndCode!.Value, stream.EndError, stream.EndDetail)}" : $"{watcher.Name} {how}");
        if (!ended || stream.EndedByTransport || stream.EndCode != StatusCode.Unavailable || stream.EndError.Reason != Tessera.Protocol.V1.ErrorReasons.ServerShuttingDown)
        {
            step.Findings.Add(new Finding([Req.EVT_7], $"on shutdown {watcher.Name} {how}, not UNAVAILABLE SERVER_SHUTTING_DOWN"));
        }

        if (ended && !stream.EndedByTransport && stream.EndCode is { } code && code != StatusCode.OK && code != StatusCode.Cancelled)
        {
            // A status the server sent on a Tessera method, so the error model applies (ERR-1 to ERR-3).
            AnswerJudge.CheckErrorModel(code, stream.EndError, Protocol.V1.SessionEndReason.Unspecified, step.Findings);
        }

        await record.Stream.DisposeAsync().ConfigureAwait(false);
    }

    public override string ToString() => "shutdown";
}
