using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tokens;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// <see cref="Count"/> StartSession calls on one fresh client instance, all in
/// flight at once. When they settle exactly one session may be live; every
/// other start failed with SESSION_ALREADY_ACTIVE or returned a session that
/// is now terminated with SESSION_REPLACED (ONE-4, ONE-1).
/// </summary>
internal sealed record RaceCommand : Command
{
    /// <summary>How many starts race (clamped to 2 to 8); 2 by default.</summary>
    public int Count { get; init; } = 2;

    /// <summary>All starts for one user (else user <see cref="User"/>, the next one...); true by default.</summary>
    public bool SameUser { get; init; } = true;

    /// <summary>The (first) user, by index; 0 by default.</summary>
    public int User { get; init; }

    // One file: (a) is the start command's request job, once per start; (b)
    // is the rule itself, written into the step; (c) and (d) are the methods below.
    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var count = Math.Clamp(Count, 2, 8);
        var instanceId = context.Nonce + "-race" + step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var requests = new StartRequest[count];
        for (var i = 0; i < count; i++)
        {
            requests[i] = StartRequest.Build(new StartCommand { User = SameUser ? User : User + i, Roles = [i], LifetimeSteps = 4 + i, InstanceOverride = instanceId }, context);
        }

        var users = string.Join(",", requests.Select(r => r.Identity!.UserId));
        step.Command = $"race {count} concurrent starts on a fresh instance ({(SameUser ? "same user" : "users " + users)})";
        step.Expected.Add("exactly one session survives; every other start fails SESSION_ALREADY_ACTIVE or is terminated SESSION_REPLACED");

        // Every call is in flight before any answer is awaited; on a cluster
        // they go to every node in turn, so the single-session rule must hold
        // across nodes, not only within one (ONE-1).
        var calls = new Task<Answer<StartSessionResponse>>[count];
        for (var i = 0; i < count; i++)
        {
            calls[i] = context.ConnectionAfter(i).StartSessionAsync(requests[i].Wire, context.Cancellation);
        }

        var answers = await Task.WhenAll(calls).ConfigureAwait(false);
        step.Actual.Add(string.Join("; ", answers.Select((a, i) => $"#{i + 1} {a.Describe()}")));
        var started = JudgeStarts(answers, requests, context, step);
        if (started.Count == 0)
        {
            return;
        }

        var live = await JudgeReadBacksAsync(started, context, step).ConfigureAwait(false);
        if (live.Count != 1 || step.Failed)
        {
            return;
        }

        Apply(started, live[0].Index, requests, context);
    }

    /// <summary>Job (c): every start is OK or SESSION_ALREADY_ACTIVE, one at least is OK, as many as the policy allows (ONE-2, ONE-3, ONE-4, SES-2).</summary>
    /// <returns>The starts answered OK, with their sessions.</returns>
    private static List<(int Index, Session Session)> JudgeStarts(Answer<StartSessionResponse>[] answers, StartRequest[] requests, SequenceContext context, StepRecord step)
    {
        var started = new List<(int Index, Session Session)>();
        for (var i = 0; i < answers.Length; i++)
        {
            var answer = answers[i];
            if (answer.IsOk && answer.Response?.Session is { } session)
            {
                started.Add((i, session));
                StartJudgement.CheckSessionId(context, session.SessionId, step.Findings);
            }
            else if (answer.Error.Reason == ErrorReasons.SessionAlreadyActive)
            {
                AnswerJudge.CheckErrorModel(answer.Code, answer.Error, SessionEndReason.Unspecified, step.Findings);
            }
            else
            {
                step.Findings.Add(new Finding([Req.ONE_4], $"start #{i + 1} answered {answer.Describe()}; only OK or SESSION_ALREADY_ACTIVE are allowed"));
            }
        }

        if (started.Count == 0)
        {
            step.Findings.Add(new Finding([Req.ONE_4], "every concurrent start failed; one must succeed"));
            return started;
        }

        if (started.Select(s => requests[s.Index].Identity).Distinct().Count() > 1)
        {
            step.Findings.Add(new Finding([Req.ONE_2, Req.ONE_4], "starts for different users all succeeded on one instance"));
        }

        if (started.Count > 1 && context.Profile.Policy == SingleSessionPolicy.Reject)
        {
            step.Findings.Add(new Finding([Req.ONE_3, Req.ONE_4], $"{started.Count} starts succeeded under the REJECT policy"));
        }

        return started;
    }

    /// <summary>Job (c): read every started session back; exactly one may be live, the rest replaced (ONE-4, ONE-1).</summary>
    /// <returns>The started sessions that read as live.</returns>
    private static async Task<List<(int Index, Session Session)>> JudgeReadBacksAsync(List<(int Index, Session Session)> started, SequenceContext context, StepRecord step)
    {
        // A replaced session was terminated during the race, so once
        // terminated_retention may have passed since (at once when it is zero,
        // or within the real clock's tolerance) END-3 lets the server have forgotten it.
        var mayBeForgotten = context.Profile.TerminatedRetention <= context.Tolerance;
        var live = new List<(int Index, Session Session)>();
        var reads = new List<string>();
        foreach (var (index, session) in started)
        {
            var read = await context.Connection.GetSessionAsync(session.SessionId, context.Cancellation).ConfigureAwait(false);
            reads.Add($"#{index + 1} {read.Describe()}");
            if (read.IsOk)
            {
                live.Add((index, session));
            }
            else if (mayBeForgotten && read.Error.Reason == ErrorReasons.SessionNotFound)
            {
                AnswerJudge.CheckErrorModel(read.Code, read.Error, SessionEndReason.Unspecified, step.Findings);
            }
            else if (read.Error.Reason != ErrorReasons.SessionTerminated || read.Error.EndReason != EndReasonNames.NameOf(SessionEndReason.SessionReplaced))
            {
                step.Findings.Add(new Finding([Req.ONE_4], $"session of start #{index + 1} reads as {read.Describe()}; it must be live or terminated with SESSION_REPLACED"
                    + (mayBeForgotten ? " (or forgotten: SESSION_NOT_FOUND, END-3)" : "")));
            }
        }

        step.Expected.Add(mayBeForgotten
            ? "read back: one OK, the rest SESSION_TERMINATED end_reason=SESSION_REPLACED or, past terminated_retention, SESSION_NOT_FOUND"
            : "read back: one OK, the rest SESSION_TERMINATED end_reason=SESSION_REPLACED");
        step.Actual.Add("read back: " + string.Join("; ", reads));
        if (live.Count != 1)
        {
            step.Findings.Add(new Finding([Req.ONE_4, Req.ONE_1], $"{live.Count} sessions are live on one client instance after concurrent starts"));
        }

        return live;
    }

    /// <summary>Job (d): every started session joins the model, all but the survivor replaced.</summary>
    private static void Apply(List<(int Index, Session Session)> started, int survivor, StartRequest[] requests, SequenceContext context)
    {
        foreach (var (index, session) in started)
        {
            var request = requests[index];
            var added = context.Model.AddSession(session.SessionId, request.InstanceId, request.Identity!, request.Roles, request.ExpiresAt);
            if (index != survivor)
            {
                context.Model.Terminate(added, SessionEndReason.SessionReplaced, [Req.ONE_3, Req.ONE_4]);
            }
        }
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Count > 2)
        {
            yield return this with { Count = 2 };
        }
    }

    public override string ToString() => $"race({Count}, {(SameUser ? "same" : "different")})";
}
