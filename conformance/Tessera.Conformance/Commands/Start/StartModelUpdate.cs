using Tessera.Conformance.Execution;
using Tessera.Conformance.Target;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>Job (d) of <see cref="StartCommand"/>: how an accepted start moves the model.</summary>
internal static class StartModelUpdate
{
    public static void Apply(StartCommand command, StartRequest request, StartPrediction prediction, Session? session, SequenceContext context, StepRecord step)
    {
        var model = context.Model;
        var expiresAt = request.ExpiresAt;
        if (StartJudgement.GuestTolerance(command, context) > TimeSpan.Zero && session?.ExpiresAt.AsTime() is { } actualExpiry)
        {
            // With the real clock the server's "now" is only known roughly; its timers run from its own value.
            expiresAt = actualExpiry;
        }

        if (prediction.Replacing is { } replacing)
        {
            model.Terminate(replacing, SessionEndReason.SessionReplaced, [Req.ONE_3]);
        }

        var added = model.AddSession(session?.SessionId ?? "", request.InstanceId, request.Identity!, request.Roles, expiresAt);
        step.Actual[^1] += " -> " + added.Name;
        if (prediction.Replacing is not null)
        {
            // The new session's answer shows it; the replaced one's end is read back now.
            context.ReadBackLater(prediction.Replacing, [Req.ONE_3]);
        }
    }
}
