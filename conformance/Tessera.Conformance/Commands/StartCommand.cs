using Tessera.Conformance.Target;
using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// StartSession on client instance <see cref="Instance"/> with a token (of
/// some flavor) or a guest credential. Checks SES-1 to SES-5, the TOK rules
/// through the token, ONE-1 to ONE-3, and ERR-6 after a refusal.
/// </summary>
/// <remarks>
/// Built with named properties: <c>new StartCommand()</c> is the ordinary
/// start (instance 0, user 0, no roles, a valid token of four units), and a
/// call site names only what differs.
/// </remarks>
internal sealed record StartCommand : Command
{
    /// <summary>The client instance, by index (<see cref="SequenceContext.InstanceId"/>); 0 by default.</summary>
    public int Instance { get; init; }

    /// <summary>A guest credential instead of a token (SES-5); false by default.</summary>
    public bool Guest { get; init; }

    /// <summary>The user, by index (<see cref="SequenceContext.UserId"/>); 0 by default.</summary>
    public int User { get; init; }

    /// <summary>The token's roles, by index into the role pool; none by default.</summary>
    public int[] Roles { get; init; } = [];

    /// <summary>The token's lifetime in units (<see cref="SequenceContext.Lifetime"/>); 4 by default.</summary>
    public int LifetimeSteps { get; init; } = 4;

    /// <summary>A sub-second part of the lifetime, in 1/128 s; 0 by default.</summary>
    public int Fraction { get; init; }

    /// <summary>What is wrong with the token, if anything; <see cref="TokenFlavor.Valid"/> by default.</summary>
    public TokenFlavor Flavor { get; init; } = TokenFlavor.Valid;

    /// <summary>Which of the flavor's variants; 0 by default.</summary>
    public int Variant { get; init; }

    /// <summary>The issuer, by index into the target's issuers (<see cref="SequenceContext.Issuer"/>); 0 (the configured one) by default.</summary>
    public int IssuerIndex { get; init; }

    /// <summary>What is wrong with the request apart from its token; <see cref="StartDefect.None"/> by default.</summary>
    public StartDefect Defect { get; init; } = StartDefect.None;

    /// <summary>A token minted elsewhere to start with instead of one of <see cref="Flavor"/>; null by default.</summary>
    public PresetToken? Preset { get; init; }

    /// <summary>A client instance id to use instead of instance <see cref="Instance"/>; null by default.</summary>
    public string? InstanceOverride { get; init; }

    public override async Task ExecuteAsync(SequenceContext context, StepRecord step)
    {
        var model = context.Model;
        var profile = context.Profile;
        var now = context.Now;
        var instanceId = Defect switch
        {
            StartDefect.EmptyInstance => "",
            StartDefect.UnprintableInstance => context.InstanceId(Instance) + " x",
            StartDefect.LongInstance => context.InstanceId(Instance).PadRight(129, 'x'),
            _ => InstanceOverride ?? context.InstanceId(Instance),
        };
        var request = new StartSessionRequest
        {
            ClientInstanceId = instanceId,
            ProtocolVersion = Defect switch
            {
                StartDefect.EmptyProtocol => "",
                StartDefect.UnknownProtocol => "tessera.v0",
                _ => "tessera.v1",
            },
            SchemaHash = Defect switch
            {
                StartDefect.WrongSchemaHash => "tessera-conformance-wrong-schema-hash",
                StartDefect.MatchingSchemaHash => profile.SchemaHash,
                _ => "",
            },
        };

        var failures = new List<Rule>();
        if (Defect is StartDefect.EmptyInstance or StartDefect.UnprintableInstance or StartDefect.LongInstance)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, ["SES-4"]));
        }

        SessionIdentity? identity = null;
        IReadOnlyList<string> roles = [];
        var expiresAt = now;
        TokenFacts? facts = null;
        string credential;
        if (Defect == StartDefect.NoCredential)
        {
            failures.Add(new Rule(ErrorReasons.InvalidRequest, ["SES-4"]));
            credential = "no credential";
        }
        else if (Guest)
        {
            var userId = Defect == StartDefect.EmptyGuestUser ? "" : "guest-" + context.UserId(User);
            request.Guest = new GuestCredential { UserId = userId };
            if (userId.Length == 0)
            {
                failures.Add(new Rule(ErrorReasons.InvalidRequest, ["SES-5", "SES-4"]));
            }

            identity = new SessionIdentity(profile.GuestIssuer, userId, true);
            expiresAt = now + profile.GuestSessionLifetime;
            credential = $"guest(\"{userId}\")";
        }
        else
        {
            if (Preset is { } preset)
            {
                (request.Token, facts) = (preset.Token, preset.Facts);
            }
            else
            {
                var claims = new BaseClaims(context.Issuer(IssuerIndex), context.UserId(User), context.Roles(Roles), now, now + context.Lifetime(LifetimeSteps, Fraction));
                (request.Token, facts) = context.Tokens.Make(Flavor, Variant, claims, now);
            }

            if (Defect == StartDefect.EmptyToken)
            {
                // SES-4 (draft 2): an empty token is a missing credential, fixed by
                // the client code; TOKEN_INVALID would send it to its token provider.
                request.Token = "";
                failures.Add(new Rule(ErrorReasons.InvalidRequest, ["SES-4"]));
                facts = facts with { Description = "token \"\"" };
            }

            identity = new SessionIdentity(facts.Issuer ?? "", facts.Subject ?? "", false);
            roles = facts.RoleSet();
            expiresAt = facts.ExpiresAt ?? now;
            credential = facts.Description;
        }

        if (!profile.ProtocolVersions.Contains(request.ProtocolVersion)
            || (request.SchemaHash.Length > 0 && request.SchemaHash != profile.SchemaHash))
        {
            failures.Add(new Rule(ErrorReasons.SchemaMismatch, ["SES-3"]));
        }

        if (facts is not null)
        {
            failures.AddRange(model.CheckToken(facts));
        }

        if (Guest && Defect != StartDefect.NoCredential && !profile.GuestSessionsEnabled)
        {
            failures.Add(new Rule(ErrorReasons.GuestDisabled, ["SES-5"]));
        }

        var live = identity is null ? null : model.LiveSessionOn(identity.Issuer, instanceId);
        ModelSession? replacing = null;
        if (live is not null && identity is not null)
        {
            if (live.Identity != identity)
            {
                failures.Add(new Rule(ErrorReasons.SessionAlreadyActive, ["ONE-2", "ONE-1"]));
            }
            else if (profile.Policy == SingleSessionPolicy.Reject)
            {
                failures.Add(new Rule(ErrorReasons.SessionAlreadyActive, ["ONE-3", "ONE-1"]));
            }
            else if (failures.Count == 0)
            {
                replacing = live;
            }
        }

        IReadOnlyList<string> okIds = replacing is not null ? ["ONE-3", "SES-1"] : Guest ? ["SES-5", "SES-1"] : ["SES-1"];
        var expected = Expectation.FromFailures(failures, okIds) with { ValidityIds = facts?.ValidityIds ?? [] };
        var label = Defect switch
        {
            StartDefect.None => "",
            StartDefect.MatchingSchemaHash => " schema_hash=server's",
            _ => " [" + Defect + "]",
        };
        step.Command = $"start {(InstanceOverride is null ? "i" + Instance : instanceId)} {credential}{label}" + (live is not null ? $" (live: {live.Name})" : "");

        var answer = await context.Connection.StartSessionAsync(request, context.Cancellation).ConfigureAwait(false);
        var matched = context.Judge(step, expected, answer);
        if (matched == "OK" && identity is not null)
        {
            var session = answer.Response?.Session;
            var id = session?.SessionId ?? "";
            CheckSessionId(context, id, step.Findings);
            var guestTolerance = Guest ? context.Tolerance : TimeSpan.Zero;
            SessionJudge.Check(session, null, instanceId, identity, roles, expiresAt, ModelSessionState.Active, now, context.Tolerance, okIds, step.Findings, guestTolerance);
            if (Guest && guestTolerance > TimeSpan.Zero && session?.ExpiresAt.AsTime() is { } actualExpiry)
            {
                // With the real clock the server's "now" is only known roughly; its timers run from its own value.
                expiresAt = actualExpiry;
            }

            if (replacing is not null)
            {
                model.Terminate(replacing, SessionEndReason.SessionReplaced, ["ONE-3"]);
            }

            var added = model.AddSession(id, instanceId, identity, roles, expiresAt);
            step.Actual[^1] += " -> " + added.Name;
            if (replacing is not null)
            {
                // The new session's answer shows it; the replaced one's end is read back now.
                context.ReadBackLater(replacing, ["ONE-3"]);
            }
        }
        else if (matched is not null && matched != "OK" && live is not null)
        {
            IReadOnlyList<string> probeIds = matched == ErrorReasons.SessionAlreadyActive
                ? [live.Identity == identity ? "ONE-3" : "ONE-2", "ERR-6"]
                : ["ERR-6"];
            await context.ProbeAsync(step, live, probeIds).ConfigureAwait(false);
        }
    }

    /// <summary>SES-2: at least 128 bits fit in the id, and no id comes back twice.</summary>
    public static void CheckSessionId(SequenceContext context, string id, List<Finding> findings)
    {
        // 128 bits need at least 20 printable ASCII characters (log2(94) < 6.6 bits each).
        if (id.Length < 20)
        {
            findings.Add(new Finding(["SES-2"], $"session_id \"{id}\" has {id.Length} characters: too short to carry 128 random bits"));
        }

        if (!context.Run.SeenSessionIds.TryAdd(id, 0))
        {
            findings.Add(new Finding(["SES-2"], $"session_id \"{id}\" was already given to another session"));
        }
    }

    public override IEnumerable<Command> Simplify()
    {
        if (Defect != StartDefect.None)
        {
            yield return this with { Defect = StartDefect.None };
        }

        if (Flavor != TokenFlavor.Valid)
        {
            yield return this with { Flavor = TokenFlavor.Valid };
        }

        if (Guest)
        {
            yield return this with { Guest = false };
        }

        if (Roles.Length > 0)
        {
            yield return this with { Roles = [] };
            if (Roles.Length > 1)
            {
                yield return this with { Roles = Roles[..^1] };
            }
        }

        if (Variant != 0)
        {
            yield return this with { Variant = 0 };
        }

        if (Fraction != 0)
        {
            yield return this with { Fraction = 0 };
        }

        if (LifetimeSteps > 1)
        {
            yield return this with { LifetimeSteps = LifetimeSteps / 2 };
        }

        if (Instance != 0)
        {
            yield return this with { Instance = 0 };
        }

        if (User != 0)
        {
            yield return this with { User = 0 };
        }

        if (IssuerIndex != 0)
        {
            yield return this with { IssuerIndex = 0 };
        }
    }

    public override string ToString() =>
        $"start(i{Instance}, {(Guest ? "guest" : Flavor.ToString())}, u{User}, roles={string.Join(",", Roles)}, life={LifetimeSteps}, {Defect})";
}
