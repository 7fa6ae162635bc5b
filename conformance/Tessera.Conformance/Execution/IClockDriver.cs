namespace Tessera.Conformance.Execution;

/// <summary>How a sequence moves time: the target's test clock, or the real clock and waiting.</summary>
internal interface IClockDriver
{
    /// <summary>Prepares the clock for a new sequence and returns the model's starting time.</summary>
    Task<DateTimeOffset> StartAsync(SequenceContext context);

    /// <summary>Moves time forward by <paramref name="by"/> and brings the model along.</summary>
    Task AdvanceAsync(SequenceContext context, StepRecord step, TimeSpan by);

    /// <summary>Runs before every command: with the real clock, waits until no deadline is close enough to make the answer uncertain.</summary>
    Task BeforeCommandAsync(SequenceContext context, StepRecord step);
}
