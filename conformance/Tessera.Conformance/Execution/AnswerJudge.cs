using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Execution;

/// <summary>
/// Compares one answer with the model's expectation and with the error model
/// of SPEC.md section ERR. The ids it names are what the report shows, so
/// they point at the rule the target broke, not just "wrong answer".
/// </summary>
internal static class AnswerJudge
{
    /// <summary>The outcome as a name: "OK" or the ErrorInfo reason (or the status code when there is none).</summary>
    public static string OutcomeName(StatusCode code, ErrorDetails error) =>
        code == StatusCode.OK ? "OK" : error.Reason ?? AnswerText.CodeName(code);

    /// <summary>Judges an answer; returns the outcome name that matched (the expected one or an allowed alternative), or null.</summary>
    public static string? Judge(Expectation expected, StatusCode code, ErrorDetails error, List<Finding> findings)
    {
        var actual = OutcomeName(code, error);
        string? matched = null;
        if (expected.AlsoAcceptable.Contains(actual))
        {
            matched = actual;
        }
        else if (expected.IsOk)
        {
            if (code == StatusCode.OK)
            {
                matched = "OK";
            }
            else
            {
                // A refusal whose reason names its rule (ROLES_MISMATCH: UPD-3) breaks
                // that rule; the ids of what an OK would have shown (UPD-5's re-arming,
                // say) are named only when the reason points nowhere.
                var ids = new List<string>();
                AddRange(ids, expected.IdsWhenActual.GetValueOrDefault(actual) ?? RejectionIds(actual, expected.ValidityIds));
                if (ids.Count == 0)
                {
                    AddRange(ids, expected.OkIds);
                }
                findings.Add(new Finding(ids, $"expected OK, got {AnswerText.Describe(code, error, "")}"));
            }
        }
        else
        {
            var first = expected.Failures[0];
            if (code == StatusCode.OK)
            {
                findings.Add(new Finding(expected.IdsWhenActual.GetValueOrDefault("OK") ?? first.Ids, $"expected {first.Reason}, got OK"));
            }
            else if (actual != first.Reason)
            {
                var later = false;
                for (var i = 1; i < expected.Failures.Count; i++)
                {
                    later |= expected.Failures[i].Reason == actual;
                }

                var ids = new List<string>();
                if (expected.IdsWhenActual.TryGetValue(actual, out var special))
                {
                    // The target's view of the session differs from the model's; the
                    // rule that should have changed it is the one to name.
                    later = false;
                    AddRange(ids, special);
                }
                else if (!later && Rank(actual) < Rank(first.Reason) && RejectionIds(actual, expected.ValidityIds) is { Count: > 0 } wrongCheck)
                {
                    // A check that ranks earlier failed where the model says it passes
                    // (ROLES_MISMATCH for the same role set): that check is the broken
                    // rule; the expected one was never reached, so it is not named.
                    AddRange(ids, wrongCheck);
                }
                else
                {
                    if (later)
                    {
                        ids.Add(Req.ERR_4);
                    }

                    AddRange(ids, first.Ids);
                }
                findings.Add(new Finding(ids, later
                    ? $"expected {first.Reason} (it ranks first in ERR-4 order), got {actual}"
                    : $"expected {first.Reason}, got {AnswerText.Describe(code, error, "")}"));
            }
            else
            {
                matched = actual;
            }
        }

        if (code != StatusCode.OK)
        {
            CheckErrorModel(code, error, matched == ErrorReasons.SessionTerminated ? expected.EndReason : SessionEndReason.Unspecified, findings, expected.EndReasonIds);
        }

        return matched;
    }

    /// <summary>ERR-1, ERR-2, ERR-3, ERR-5 for any non-OK answer.</summary>
    /// <param name="code">The status code.</param>
    /// <param name="error">The ErrorInfo the answer carried.</param>
    /// <param name="expectedEndReason">For SESSION_TERMINATED, the end_reason due; Unspecified: any.</param>
    /// <param name="findings">Where broken rules go.</param>
    /// <param name="wrongEndReasonIds">What a valid but different end_reason breaks; empty: ERR-5 and END-3.</param>
    public static void CheckErrorModel(StatusCode code, ErrorDetails error, SessionEndReason expectedEndReason, List<Finding> findings, IReadOnlyList<string>? wrongEndReasonIds = null)
    {
        var codeName = AnswerText.CodeName(code);
        if (!error.Present)
        {
            findings.Add(new Finding([Req.ERR_1], $"{codeName} without a grpc-status-details-bin trailer"));
            return;
        }

        if (error.DetailsCode != (int)code)
        {
            findings.Add(new Finding([Req.ERR_1], $"google.rpc.Status.code {error.DetailsCode} differs from grpc-status {(int)code} ({codeName})"));
        }

        if (error.ErrorInfoCount != 1)
        {
            findings.Add(new Finding([Req.ERR_1], $"google.rpc.Status holds {error.ErrorInfoCount} ErrorInfo, not exactly one"));
            return;
        }

        if (error.Domain != ErrorTable.Domain)
        {
            findings.Add(new Finding([Req.ERR_1], $"ErrorInfo.domain is \"{error.Domain}\", not \"{ErrorTable.Domain}\""));
        }

        var reason = error.Reason ?? "";
        if (!ErrorTable.IsKnownReason(reason))
        {
            findings.Add(new Finding([Req.ERR_2], $"ErrorInfo.reason \"{reason}\" is not in SPEC.md's table"));
            return;
        }

        var wantCode = ErrorTable.CodeOf(reason);
        if (wantCode != code)
        {
            findings.Add(new Finding([Req.ERR_2], $"{reason} must be sent with {AnswerText.CodeName(wantCode)}, got {codeName}"));
        }

        var wantAction = ErrorTable.ActionOf(reason);
        if (error.Action != wantAction)
        {
            findings.Add(new Finding([Req.ERR_3], $"{reason} must carry action={wantAction}, got {(error.Action is null ? "no action" : "action=" + error.Action)}"));
        }

        if (reason == ErrorReasons.SessionTerminated)
        {
            var end = error.EndReason;
            if (end is null || !ErrorTable.EndReasons.Contains(end))
            {
                findings.Add(new Finding([Req.ERR_5], $"SESSION_TERMINATED must carry end_reason, got {(end is null ? "none" : "\"" + end + "\"")}"));
            }
            else if (expectedEndReason != SessionEndReason.Unspecified && end != Format.EndReason(expectedEndReason))
            {
                findings.Add(new Finding(wrongEndReasonIds is { Count: > 0 } ids ? ids : [Req.ERR_5, Req.END_3], $"end_reason must be {Format.EndReason(expectedEndReason)}, got {end}"));
            }
        }
    }

    /// <summary>Which rule a wrongly refused call points at, by the reason the target gave.</summary>
    private static IReadOnlyList<string> RejectionIds(string reason, IReadOnlyList<string> validityIds) => reason switch
    {
        ErrorReasons.TokenExpired => [Req.TOK_12, .. validityIds],
        ErrorReasons.TokenNotYetValid => [Req.TOK_13, .. validityIds],
        ErrorReasons.TokenInvalid => validityIds,
        ErrorReasons.RolesMismatch => [Req.UPD_3, Req.TOK_9],
        ErrorReasons.IdentityMismatch => [Req.UPD_2],
        ErrorReasons.TokenStale => [Req.UPD_4],
        ErrorReasons.GuestDisabled => [Req.SES_5],
        ErrorReasons.SchemaMismatch => [Req.SES_3],
        ErrorReasons.InvalidRequest => [Req.SES_4],
        _ => [],
    };

    /// <summary>A reason's place in ERR-4's order (lower answers first); reasons outside it rank last.</summary>
    private static int Rank(string? reason) => reason switch
    {
        ErrorReasons.InvalidRequest => 0,
        ErrorReasons.SessionNotFound or ErrorReasons.SessionTerminated => 1,
        ErrorReasons.SchemaMismatch => 2,
        ErrorReasons.TokenInvalid => 3,
        ErrorReasons.TokenExpired => 4,
        ErrorReasons.TokenNotYetValid => 5,
        ErrorReasons.GuestDisabled => 6,
        ErrorReasons.IdentityMismatch => 7,
        ErrorReasons.RolesMismatch => 8,
        ErrorReasons.TokenStale or ErrorReasons.SessionAlreadyActive => 9,
        _ => 10,
    };

    private static void AddRange(List<string> ids, IEnumerable<string> more)
    {
        foreach (var id in more)
        {
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }
    }
}
