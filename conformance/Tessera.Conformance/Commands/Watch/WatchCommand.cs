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
/// <remarks>
/// <para>
/// Its jobs, one file each in this folder (conformance/docs/design.md):
/// <see cref="WatchRequest"/> (a, the wire request), <see cref="WatchPrediction"/> (b, open or refused,
/// and the replay), <see cref="WatchJudgement"/> (c, a refusal on the stream), <see cref="WatchModelUpdate"/>
/// (d, the model watcher whose events later steps judge); its shrinking (e) is
/// <see cref="Simplify"/> here, next to the choices it simplifies.
/// </para>
/// </remarks>
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
        var request = WatchRequest.Build(this, context);
        var prediction = WatchPrediction.Predict(request, context);
        var session = request.Session;
        step.Command = $"watch {request.Label} resume_after_seq={request.ResumeAfter}" + (session is null ? "" : $" (last seq {request.Last}, {Format.State(session.State)})");

        var stream = context.Connection.Watch(request.Wire);
        if (await WatchJudgement.JudgeRefusalAsync(stream, request, prediction, context, step).ConfigureAwait(false))
        {
            return;
        }

        await WatchModelUpdate.ApplyAsync(stream, request, prediction, context, step).ConfigureAwait(false);
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
