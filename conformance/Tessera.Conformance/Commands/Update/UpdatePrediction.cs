using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Protocol;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (b) of <see cref="UpdateCommand"/>: the answer the model predicts for
/// an update, every failing check in ERR-4 order (SES-4, UPD-6, END-3, the
/// TOK rules, UPD-2 to UPD-4), and what an OK proves (UPD-3, UPD-4, UPD-5, TOK-9).
/// </summary>
internal static class UpdatePrediction
{
    public static Expectation Predict(UpdateCommand command, UpdateRequest request, SequenceContext context)
    {
        var now = context.Now;
        var (id, session, facts) = (request.SessionId, request.Session, request.Facts);
        var failures = new List<Rule>();
        if (id.Length == 0 || command.EmptyToken)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, [Req.SES_4]));
        }

        var retainedOnly = false;
        if (id.Length > 0 && session is null)
        {
            failures.Add(new Rule(ErrorReasons.SessionNotFound, [Req.UPD_6]));
        }
        else if (session is { IsLive: false })
        {
            failures.Add(new Rule(ErrorReasons.SessionTerminated, [Req.UPD_6, Req.END_3]));
            retainedOnly = now >= session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
        }

        if (!command.EmptyToken)
        {
            failures.AddRange(context.Model.CheckToken(facts));
        }

        if (session is not null && !command.EmptyToken)
        {
            if (session.Identity.Guest || facts.Issuer != session.Identity.Issuer || facts.Subject != session.Identity.UserId)
            {
                failures.Add(new Rule(ErrorReasons.IdentityMismatch, [Req.UPD_2]));
            }
            else if (!facts.RoleSet().SequenceEqual(session.Roles, StringComparer.Ordinal))
            {
                failures.Add(new Rule(ErrorReasons.RolesMismatch, [Req.UPD_3]));
            }
            else if (facts.ExpiresAt is { } newExp && newExp < session.ExpiresAt)
            {
                failures.Add(new Rule(ErrorReasons.TokenStale, [Req.UPD_4]));
            }
        }

        IReadOnlyList<string> okIds = command.Exp == ExpChoice.Same ? [Req.UPD_4, Req.UPD_5] : command.Roles is RolesChoice.Reordered or RolesChoice.Repeated ? [Req.UPD_3, Req.TOK_9, Req.UPD_5] : [Req.UPD_5];
        return Expectation.FromFailures(failures, okIds) with
        {
            ValidityIds = facts.ValidityIds,
            EndReason = session?.EndReason ?? SessionEndReason.Unspecified,
            EndReasonIds = session?.TerminationIds ?? [],
            AlsoAcceptable = retainedOnly ? [ErrorReasons.SessionNotFound] : [],
            IdsWhenActual = session is { IsLive: false } && id.Length > 0 && !command.EmptyToken ? StillLive(session) : new Dictionary<string, IReadOnlyList<string>>(),
        };
    }

    /// <summary>Answers that only a still-live session gives: the rule that should have terminated it is broken.</summary>
    private static Dictionary<string, IReadOnlyList<string>> StillLive(ModelSession session)
    {
        IReadOnlyList<string> ids = [.. session.TerminationIds, Req.UPD_6];
        return new Dictionary<string, IReadOnlyList<string>>
        {
            ["OK"] = ids,
            [ErrorReasons.IdentityMismatch] = ids,
            [ErrorReasons.RolesMismatch] = ids,
            [ErrorReasons.TokenStale] = ids,
        };
    }
}
