using Tessera.Conformance.Commands;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tokens;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Runs one command sequence against the target and the model side by side,
/// stopping at the first step whose answer breaks a MUST. After every step it
/// checks that each open watch stream delivered exactly the predicted events.
/// </summary>
internal static class SequenceExecutor
{
    public static async Task<SequenceResult> RunAsync(RunState run, NodeConnections connection, IReadOnlyList<Command> commands, CancellationToken cancellation)
    {
        IClockDriver clock = run.Settings.ExactClock ? new TestClockDriver() : new RealClockDriver();
        var context = new SequenceContext(run, connection, clock, cancellation);
        connection.Recorder?.Clear();
        context.Node = commands.Count > 0 ? NodeOf(commands[0], connection) : 0;
        context.Model = new ModelState(run.Profile, await clock.StartAsync(context).ConfigureAwait(false));
        var warnings = new List<Finding>();
        Finding? failure = null;
        string? discarded = null;
        string? skipped = null;
        try
        {
            for (var i = 0; i < commands.Count && failure is null; i++)
            {
                var step = new StepRecord { Index = i + 1 };
                context.Steps.Add(step);
                var mark = connection.Recorder?.Mark() ?? 0;
                context.Node = NodeOf(commands[i], connection);
                if (connection.IsCluster)
                {
                    step.Node = $"node {context.Node + 1} ({connection.Addresses[context.Node]})";
                }

                await clock.BeforeCommandAsync(context, step).ConfigureAwait(false);
                try
                {
                    await commands[i].ExecuteAsync(context, step).ConfigureAwait(false);
                }
                catch (TokenDoesNotFitException e)
                {
                    // Nothing was sent for this command, and the model cannot
                    // go on without it: the sequence is skipped, not judged.
                    skipped = e.Message;
                    context.Steps.Remove(step);
                    break;
                }

                if (context.Model.Ambiguity is { } tie && !step.Failed)
                {
                    // The model cannot say what the streams should hold now.
                    discarded = tie;
                    break;
                }

                if (!step.Failed)
                {
                    await CheckStreamsAsync(context, step, final: i == commands.Count - 1).ConfigureAwait(false);
                }

                // Read-backs come after the streams were judged: a read may itself
                // move a session on some targets and so must not hide a missed event.
                await context.RunReadBacksAsync(step).ConfigureAwait(false);

                failure = Conclude(step, warnings);
                if (failure is not null && connection.Recorder is { } recorder)
                {
                    step.Wire = WireText.Lines(recorder.Since(mark));
                }

                if (failure is null && context.Model.Ambiguity is { } ambiguity)
                {
                    discarded = ambiguity;
                    break;
                }
            }
        }
        finally
        {
            foreach (var record in context.Streams.Values)
            {
                await record.Stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new SequenceResult { Steps = context.Steps, Failure = failure, Warnings = warnings, Discarded = discarded, Skipped = skipped };
    }

    private static int NodeOf(Command command, NodeConnections connection) =>
        (int)((uint)command.Node % (uint)connection.Nodes.Count);

    private static Finding? Conclude(StepRecord step, List<Finding> warnings)
    {
        Finding? failure = null;
        foreach (var finding in step.Findings)
        {
            if (finding.Level == Requirements.RequirementLevel.Must)
            {
                failure ??= finding;
            }
            else
            {
                warnings.Add(finding);
            }
        }

        return failure;
    }

    /// <summary>Every open stream must have delivered the model's events so far, and ended OK after a terminal one (EVT-2, EVT-3).</summary>
    private static async Task CheckStreamsAsync(SequenceContext context, StepRecord step, bool final)
    {
        var settings = context.Settings;
        foreach (var (handle, record) in context.Streams)
        {
            if (record.Settled)
            {
                continue;
            }

            var watcher = context.Model.Watchers[handle];
            var expected = watcher.ExpectedEvents().ToList();
            var stream = record.Stream;
            if (stream.ReceivedCount < expected.Count)
            {
                await stream.WaitForCountAsync(expected.Count, settings.EventTimeout).ConfigureAwait(false);
            }

            var received = stream.Received();
            Show(step, watcher, record, expected, received);
            var tolerance = context.Tolerance;
            var lateness = Lateness(context);
            if (!EventJudge.Compare(watcher, received, record.Replayed, tolerance, lateness, step.Findings))
            {
                return;
            }

            if (received.Count < expected.Count)
            {
                var missing = expected[received.Count];
                step.Findings.Add(stream.Ended
                    ? new Finding(record.OnTerminated ? [Req.EVT_5] : [.. missing.Ids, Req.EVT_2], $"{watcher.Name}: the stream ended ({DescribeEnd(stream)}) before {missing.Describe()}")
                    : EventJudge.Missing(watcher, missing, expected.Count - received.Count, settings.EventTimeout, DeliveredElsewhere(context, handle, watcher, missing.Seq)));
                return;
            }

            if (!settings.ExactClock)
            {
                WarnLateTimers(watcher, received, settings.Tolerance, step.Findings);
            }

            if (watcher.MustEnd)
            {
                if (!await stream.WaitForEndAsync(settings.EventTimeout).ConfigureAwait(false))
                {
                    step.Findings.Add(new Finding([Req.EVT_3], $"{watcher.Name}: the stream stayed open after the terminated event"));
                    return;
                }

                if (stream.ReceivedCount > expected.Count)
                {
                    EventJudge.Compare(watcher, stream.Received(), record.Replayed, tolerance, lateness, step.Findings);
                    return;
                }

                if (stream.EndCode != StatusCode.OK)
                {
                    step.Findings.Add(new Finding([Req.EVT_3], $"{watcher.Name}: after the terminated event the stream ended with {DescribeEnd(stream)}, not OK"));
                    return;
                }

                record.Settled = true;
            }
            else if (stream.Ended && stream.EndCode == StatusCode.Aborted && stream.EndError.Reason == ErrorReasons.WatcherLagging)
            {
                // EVT-7 lets a server drop a watcher that falls behind; it counts as
                // the watcher leaving (EVT-6), and the error itself must be well formed.
                AnswerJudge.CheckErrorModel(StatusCode.Aborted, stream.EndError, Protocol.V1.SessionEndReason.Unspecified, step.Findings);
                context.Model.DropWatcher(watcher);
                record.Settled = true;
                step.Actual.Add($"{watcher.Name} dropped by the target (WATCHER_LAGGING)");
            }
            else if (stream.Ended)
            {
                // RESUME_UNAVAILABLE for a resume point the model has an event at: the
                // target never had that event, so the rule that pushes it is broken.
                var lacking = stream.EndError.Reason == ErrorReasons.ResumeUnavailable && stream.ReceivedCount == 0
                    ? watcher.Session.Events.Find(e => e.Seq == watcher.ResumeAfter)
                    : null;
                step.Findings.Add(lacking is { Ids.Count: > 0 }
                    ? new Finding(lacking.Ids, $"{watcher.Name}: the stream ended ({DescribeEnd(stream)}): the target has no {lacking.Describe()}")
                    : new Finding([Req.EVT_2], $"{watcher.Name}: the stream ended ({DescribeEnd(stream)}) while {watcher.Session.Name} is {Format.State(watcher.Session.State)}"));
                return;
            }
        }

        if (final && context.Streams.Values.Any(r => !r.Settled))
        {
            // Give an event the target should not have sent a moment to show.
            await Task.Delay(TimeSpan.FromMilliseconds(30), context.Cancellation).ConfigureAwait(false);
            foreach (var (handle, record) in context.Streams)
            {
                if (!record.Settled && !EventJudge.Compare(context.Model.Watchers[handle], record.Stream.Received(), record.Replayed, context.Tolerance, Lateness(context), step.Findings))
                {
                    return;
                }
            }
        }
    }

    /// <summary>True when another stream of the same session received event <paramref name="seq"/>.</summary>
    private static bool DeliveredElsewhere(SequenceContext context, int handle, ModelWatcher watcher, ulong seq)
    {
        foreach (var (other, record) in context.Streams)
        {
            if (other != handle && context.Model.Watchers[other].Session == watcher.Session && record.Stream.Received().Exists(e => e.Seq == seq))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the events that are new since the last step into this step's lines, so a counterexample shows them.</summary>
    private static void Show(StepRecord step, ModelWatcher watcher, WatchRecord record, List<ModelEvent> expected, List<Protocol.V1.SessionEvent> received)
    {
        var count = Math.Max(expected.Count, received.Count);
        if (count <= record.Shown)
        {
            return;
        }

        var wanted = expected.Skip(record.Shown).Select(e => e.Describe()).ToList();
        var got = received.Skip(record.Shown).Select(EventJudge.Describe).ToList();
        step.Expected.Add($"{watcher.Name} gets {(wanted.Count == 0 ? "nothing" : string.Join(", ", wanted))}");
        step.Actual.Add($"{watcher.Name} got {(got.Count == 0 ? "nothing" : string.Join(", ", got))}");
        record.Shown = count;
    }

    /// <summary>EXP-6 (SHOULD): with the real clock a timer event should carry a time within the tolerance of its due time.</summary>
    private static void WarnLateTimers(ModelWatcher watcher, List<Protocol.V1.SessionEvent> received, TimeSpan tolerance, List<Finding> findings)
    {
        var expected = watcher.ExpectedEvents().ToList();
        for (var i = 0; i < received.Count && i < expected.Count; i++)
        {
            var due = expected[i].EarliestTime;
            var time = received[i].Time.AsTime();
            if (expected[i].FromTimer && time > due + tolerance)
            {
                findings.Add(new Finding([Req.EXP_6], $"{watcher.Name}: {expected[i].Describe()} fired at {Format.Time(time)}, {Format.Duration(time.Value - due)} after it was due"));
                return;
            }
        }
    }

    /// <summary>With the real clock, how late a timer event may be stamped before EVT-1 (not just EXP-6) breaks.</summary>
    private static TimeSpan Lateness(SequenceContext context) => context.Settings.ExactClock ? TimeSpan.Zero : context.Settings.EventTimeout;

    private static string DescribeEnd(WatchStream stream) =>
        stream.EndCode is { } code ? AnswerText.Describe(code, stream.EndError, stream.EndDetail) : "open";
}
