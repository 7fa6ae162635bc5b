using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (c) of <see cref="StartCommand"/>: what an answer breaks beyond its
/// status, which <c>SequenceContext.Judge</c> has already compared
/// with the prediction.
/// </summary>
internal static class StartJudgement
{
    /// <summary>An accepted start: a fresh id (SES-2) and the session the credential stands for (SES-1, SES-5, SES-7).</summary>
    public static void JudgeAccepted(StartCommand command, StartRequest request, StartPrediction prediction, Protocol.V1.Session? session, SequenceContext context, StepRecord step)
    {
        CheckSessionId(context, session?.SessionId ?? "", step.Findings);
        SessionJudge.Check(session, null, request.InstanceId, request.Identity!, request.Roles, request.ExpiresAt, ModelSessionState.Active, context.Now, context.Tolerance,
            prediction.OkIds, step.Findings, GuestTolerance(command, context));
    }

    /// <summary>A refused start leaves the instance's live session exactly as it was (ERR-6; ONE-2 or ONE-3 when refused for it).</summary>
    public static Task JudgeRefusedAsync(string matched, StartRequest request, ModelSession live, SequenceContext context, StepRecord step)
    {
        IReadOnlyList<string> ids = matched == Protocol.V1.ErrorReasons.SessionAlreadyActive
            ? [live.Identity == request.Identity ? Req.ONE_3 : Req.ONE_2, Req.ERR_6]
            : [Req.ERR_6];
        return context.ProbeAsync(step, live, ids);
    }

    /// <summary>SES-2: at least 128 bits fit in the id, and no id comes back twice.</summary>
    public static void CheckSessionId(SequenceContext context, string id, List<Finding> findings)
    {
        // 128 bits need at least 20 printable ASCII characters (log2(94) < 6.6 bits each).
        if (id.Length < 20)
        {
            findings.Add(new Finding([Req.SES_2], $"session_id \"{id}\" has {id.Length} characters: too short to carry 128 random bits"));
        }

        if (!context.Run.SeenSessionIds.TryAdd(id, 0))
        {
            findings.Add(new Finding([Req.SES_2], $"session_id \"{id}\" was already given to another session"));
        }
    }

    /// <summary>With the real clock a guest's expires_at follows the server's "now", known only roughly.</summary>
    public static TimeSpan GuestTolerance(StartCommand command, SequenceContext context) => command.Guest ? context.Tolerance : TimeSpan.Zero;
}
