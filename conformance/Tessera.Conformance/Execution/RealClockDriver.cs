using Tessera.Conformance.Model;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Runs on the target's real clock. The model's clock follows an estimate of
/// the target's; before each call the driver waits until every deadline near
/// "now" lies at least tolerance + slack in the past, so timer lateness within
/// the tolerance (EXP-6) and network latency cannot flip an answer.
/// </summary>
internal sealed class RealClockDriver : IClockDriver
{
    public Task<DateTimeOffset> StartAsync(SequenceContext context) => Task.FromResult(context.Run.EstimatedTargetNow());

    public async Task AdvanceAsync(SequenceContext context, StepRecord step, TimeSpan by)
    {
        step.Expected.Add("wait " + Format.Duration(by));
        await Task.Delay(by, context.Run.Time, context.Cancellation).ConfigureAwait(false);
        await BeforeCommandAsync(context, step).ConfigureAwait(false);
        step.Actual.Add("now~" + Format.Time(context.Now));
    }

    public async Task BeforeCommandAsync(SequenceContext context, StepRecord step)
    {
        var settings = context.Settings;
        var margin = settings.Tolerance + settings.Slack;
        while (true)
        {
            var estimate = context.Run.EstimatedTargetNow();
            DateTimeOffset? close = null;
            foreach (var deadline in context.Model.PendingDeadlines())
            {
                if (deadline <= estimate + margin)
                {
                    close = deadline;
                    break;
                }
            }

            if (close is not { } due)
            {
                break;
            }

            var wait = due + margin - estimate;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, context.Run.Time, context.Cancellation).ConfigureAwait(false);
            }

            // Fire it in the model before looking for the next one.
            context.Model.AdvanceTo(due);
        }

        context.Model.AdvanceTo(context.Run.EstimatedTargetNow());
    }
}
