using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (c) of <see cref="UpdateCommand"/>: what an answer breaks beyond its
/// status, which <c>SequenceContext.Judge</c> has already compared
/// with the prediction.
/// </summary>
internal static class UpdateJudgement
{
    /// <summary>An accepted update: the session carries the new token's roles and exp (UPD-5; EXP-2 when it revived an EXPIRED one).</summary>
    public static void JudgeAccepted(UpdateRequest request, ModelSessionState stateBefore, Session? answered, SequenceContext context, StepRecord step)
    {
        var session = request.Session!;
        SessionJudge.Check(answered, session.SessionId, session.InstanceId, session.Identity, request.Facts.RoleSet(),
            request.Facts.ExpiresAt ?? context.Now, ModelSessionState.Active, context.Now, context.Tolerance,
            stateBefore == ModelSessionState.Expired ? [Req.UPD_5, Req.EXP_2] : [Req.UPD_5], step.Findings);
    }

    /// <summary>
    /// A refused update leaves a live session exactly as it was (UPD-1, or
    /// UPD-4 for TOKEN_STALE; ERR-6). A mismatch is not a refusal of that kind:
    /// it terminates the session, which the model update reads back.
    /// </summary>
    public static Task JudgeRefusedAsync(string matched, UpdateRequest request, SequenceContext context, StepRecord step)
    {
        if (matched is ErrorReasons.IdentityMismatch or ErrorReasons.RolesMismatch || request.Session is not { IsLive: true } session)
        {
            return Task.CompletedTask;
        }

        return context.ProbeAsync(step, session, matched == ErrorReasons.TokenStale ? [Req.UPD_4, Req.ERR_6] : [Req.UPD_1, Req.ERR_6]);
    }
}
