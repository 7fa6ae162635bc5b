using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// UpdateSessionToken on a session reference with a token built relative to
/// that session: same or other identity, same or other roles, later, equal or
/// earlier exp, and any token flavor (UPD-1 to UPD-6).
/// </summary>
/// <remarks>
/// Built with named properties: <c>new UpdateCommand()</c> is the ordinary
/// update of the newest session (same identity and roles, a later exp, a valid
/// token), and a call site names only what differs.
/// </remarks>
internal sealed record UpdateCommand : Command
{
    /// <summary>The session reference (<see cref="SequenceContext.ResolveSession"/>); 0, the newest, by default.</summary>
    public int Session { get; init; }

    /// <summary>Whose token it is, relative to the session (UPD-2); the same identity by default.</summary>
    public IdentityChoice Identity { get; init; } = IdentityChoice.Same;

    /// <summary>Which roles it carries, relative to the session (UPD-3); the same set by default.</summary>
    public RolesChoice Roles { get; init; } = RolesChoice.Same;

    /// <summary>Its exp relative to the session's expires_at (UPD-4); later by default.</summary>
    public ExpChoice Exp { get; init; } = ExpChoice.Later;

    /// <summary>How much later, for <see cref="ExpChoice.Later"/>, in quarter units; 4 by default.</summary>
    public int ExpSteps { get; init; } = 4;

    /// <summary>What is wrong with the token, if anything; <see cref="TokenFlavor.Valid"/> by default.</summary>
    public TokenFlavor Flavor { get; init; } = TokenFlavor.Valid;

    /// <summary>Which of the flavor's variants (and, for <see cref="RolesChoice.Different"/>, more or fewer roles); 0 by default.</summary>
    public int Variant { get; init; }

    /// <summary>The token set to "" (SES-4); false by default.</summary>
    public bool EmptyToken { get; init; }

    /// <summary>A token minted elsewhere to update with; null (the default) builds one from the choices.</summary>
    public PresetToken? Preset { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var model = context.Model;
        var now = context.Now;
        var (id, session, label) = context.ResolveSession(Session);

        var issuer = session is null || session.Identity.Guest ? context.Run.Issuer : session.Identity.Issuer;
        var subject = session?.Identity.UserId ?? context.UserId(0);
        switch (Identity)
        {
            case IdentityChoice.OtherUser:
                subject = context.Settings.Users.First(u => u != subject);
                break;
            case IdentityChoice.OtherIssuer:
                issuer = context.OtherIssuer(issuer) ?? TokenFactory.UnknownIssuer;
                break;
        }

        var sessionRoles = session?.Roles ?? [];
        IReadOnlyList<string> roles = Roles switch
        {
            RolesChoice.Reordered => sessionRoles.Count > 1 ? [.. sessionRoles.Reverse()] : sessionRoles,
            RolesChoice.Repeated => sessionRoles.Count > 0 ? [.. sessionRoles, sessionRoles[0]] : sessionRoles,
            RolesChoice.Different => sessionRoles.Count > 0 && Variant % 2 == 0
                ? [.. sessionRoles.Take(sessionRoles.Count - 1)]
                : [.. sessionRoles, context.Settings.RolePool.FirstOrDefault(r => !sessionRoles.Contains(r)) ?? "tessera-extra-role"],
            RolesChoice.Empty => [],
            _ => sessionRoles,
        };

        var current = session?.ExpiresAt ?? now;
        var step4 = TimeSpan.FromTicks(context.Settings.Unit.Ticks * Math.Max(1, ExpSteps) / 4);
        var exp = Exp switch
        {
            ExpChoice.Same => current,
            ExpChoice.Earlier => current - (context.Settings.ExactClock ? TimeSpan.FromTicks(1) : context.Tokens.Margin),
            _ => (current > now ? current : now) + step4,
        };
        var iat = exp - context.Settings.Unit < now ? exp - context.Settings.Unit : now;
        var (token, facts) = Preset is { } preset
            ? (preset.Token, preset.Facts)
            : context.Tokens.Make(Flavor, Variant, new BaseClaims(issuer, subject, roles, iat, exp), now);
        if (EmptyToken)
        {
            token = "";
        }

        var failures = new List<Rule>();
        if (id.Length == 0 || EmptyToken)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, ["SES-4"]));
        }

        var retainedOnly = false;
        if (id.Length > 0 && session is null)
        {
            failures.Add(new Rule(ErrorReasons.SessionNotFound, ["UPD-6"]));
        }
        else if (session is { IsLive: false })
        {
            failures.Add(new Rule(ErrorReasons.SessionTerminated, ["UPD-6", "END-3"]));
            retainedOnly = now >= session.TerminatedAt!.Value + context.Profile.TerminatedRetention;
        }

        if (!EmptyToken)
        {
            failures.AddRange(model.CheckToken(facts));
        }

        var newRoles = facts.RoleSet();
        if (session is not null && !EmptyToken)
        {
            if (session.Identity.Guest || facts.Issuer != session.Identity.Issuer || facts.Subject != session.Identity.UserId)
            {
                failures.Add(new Rule(ErrorReasons.IdentityMismatch, ["UPD-2"]));
            }
            else if (!newRoles.SequenceEqual(session.Roles, StringComparer.Ordinal))
            {
                failures.Add(new Rule(ErrorReasons.RolesMismatch, ["UPD-3"]));
            }
            else if (facts.ExpiresAt is { } newExp && newExp < session.ExpiresAt)
            {
                failures.Add(new Rule(ErrorReasons.TokenStale, ["UPD-4"]));
            }
        }

        IReadOnlyList<string> okIds = Exp == ExpChoice.Same ? ["UPD-4", "UPD-5"] : Roles is RolesChoice.Reordered or RolesChoice.Repeated ? ["UPD-3", "TOK-9", "UPD-5"] : ["UPD-5"];
        var expected = Expectation.FromFailures(failures, okIds) with
        {
            ValidityIds = facts.ValidityIds,
            EndReason = session?.EndReason ?? SessionEndReason.Unspecified,
            EndReasonIds = session?.TerminationIds ?? [],
            AlsoAcceptable = retainedOnly ? [ErrorReasons.SessionNotFound] : [],
            IdsWhenActual = session is { IsLive: false } && id.Length > 0 && !EmptyToken ? StillLive(session) : new Dictionary<string, IReadOnlyList<string>>(),
        };
        var relation = (Identity, Roles, Exp) switch
        {
            (IdentityChoice.Same, RolesChoice.Same, ExpChoice.Later) => "",
            _ => $" [{(Identity == IdentityChoice.Same ? "" : Identity + " ")}{(Roles == RolesChoice.Same ? "" : Roles + " roles ")}{(Exp == ExpChoice.Later ? "" : Exp + " exp")}]".Replace(" ]", "]", StringComparison.Ordinal),
        };
        step.Command = $"update {label}{(session is null ? "" : $" ({Format.State(session.State)}, expires_at={TokenFactory.Relative(session.ExpiresAt, now)})")} with {(EmptyToken ? "empty token" : facts.Description)}{relation}";

        var sessionState = session?.State;
        var answer = await context.Connection.UpdateSessionTokenAsync(id, token, context.Cancellation).ConfigureAwait(false);
        var matched = context.Judge(step, expected, answer);
        if (session is null || matched is null)
        {
            return;
        }

        switch (matched)
        {
            case "OK":
                var newExpiry = facts.ExpiresAt ?? now;
                SessionJudge.Check(answer.Response?.Session, session.SessionId, session.InstanceId, session.Identity, newRoles,
                    newExpiry, ModelSessionState.Active, now, context.Tolerance,
                    sessionState == ModelSessionState.Expired ? ["UPD-5", "EXP-2"] : ["UPD-5"], step.Findings);
                model.ApplyUpdate(session, newRoles, newExpiry);
                break;
            case ErrorReasons.IdentityMismatch:
                // The refusal is only half the rule: the session must be terminated
                // too, and that is checked now, not left to whichever step reads next.
                model.Terminate(session, SessionEndReason.IdentityMismatch, ["UPD-2"]);
                context.ReadBackLater(session, ["UPD-2"]);
                break;
            case ErrorReasons.RolesMismatch:
                model.Terminate(session, SessionEndReason.RolesMismatch, ["UPD-3"]);
                context.ReadBackLater(session, ["UPD-3"]);
                break;
            default:
                if (session.IsLive)
                {
                    await context.ProbeAsync(step, session, matched == ErrorReasons.TokenStale ? ["UPD-4", "ERR-6"] : ["UPD-1", "ERR-6"]).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Answers that only a still-live session gives: the rule that should have terminated it is broken.</summary>
    private static Dictionary<string, IReadOnlyList<string>> StillLive(ModelSession session)
    {
        IReadOnlyList<string> ids = [.. session.TerminationIds, "UPD-6"];
        return new Dictionary<string, IReadOnlyList<string>>
        {
            ["OK"] = ids,
            [ErrorReasons.IdentityMismatch] = ids,
            [ErrorReasons.RolesMismatch] = ids,
            [ErrorReasons.TokenStale] = ids,
        };
    }

    public override IEnumerable<Command> Simplify()
    {
        if (EmptyToken)
        {
            yield return this with { EmptyToken = false };
        }

        if (Flavor != TokenFlavor.Valid)
        {
            yield return this with { Flavor = TokenFlavor.Valid };
        }

        if (Identity != IdentityChoice.Same)
        {
            yield return this with { Identity = IdentityChoice.Same };
        }

        if (Roles != RolesChoice.Same)
        {
            yield return this with { Roles = RolesChoice.Same };
        }

        if (Exp != ExpChoice.Later)
        {
            yield return this with { Exp = ExpChoice.Later };
        }

        if (Variant != 0)
        {
            yield return this with { Variant = 0 };
        }

        if (ExpSteps > 1)
        {
            yield return this with { ExpSteps = ExpSteps / 2 };
        }

        if (Session > 0)
        {
            yield return this with { Session = 0 };
        }
    }

    public override string ToString() => $"update(s{Session}, {Identity}, {Roles}, {Exp}, {Flavor})";
}
