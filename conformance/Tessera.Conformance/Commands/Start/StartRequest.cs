using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (a) of <see cref="StartCommand"/>: the StartSession request its choices
/// stand for, resolved against the run (instance ids, users, issuers, the
/// token factory), and what the model knows of the credential it carries.
/// </summary>
internal sealed record StartRequest
{
    public required StartSessionRequest Wire { get; init; }

    /// <summary>The client_instance_id sent (defects included).</summary>
    public required string InstanceId { get; init; }

    /// <summary>Whose session a success is; null without a credential.</summary>
    public SessionIdentity? Identity { get; init; }

    /// <summary>The token's role set (none for a guest).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The expires_at a success carries.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The token's claims as the model judges them; null for a guest or no credential.</summary>
    public TokenFacts? Facts { get; init; }

    /// <summary>How the step shows the credential.</summary>
    public required string Credential { get; init; }

    public static StartRequest Build(StartCommand command, SequenceContext context)
    {
        var profile = context.Profile;
        var now = context.Now;
        var instanceId = command.Defect switch
        {
            StartDefect.EmptyInstance => "",
            StartDefect.UnprintableInstance => context.InstanceId(command.Instance) + " x",
            StartDefect.LongInstance => context.InstanceId(command.Instance).PadRight(129, 'x'),
            _ => command.InstanceOverride ?? context.InstanceId(command.Instance),
        };
        var wire = new StartSessionRequest
        {
            ClientInstanceId = instanceId,
            ProtocolVersion = command.Defect switch
            {
                StartDefect.EmptyProtocol => "",
                StartDefect.UnknownProtocol => "tessera.v0",
                _ => "tessera.v1",
            },
            SchemaHash = command.Defect switch
            {
                StartDefect.WrongSchemaHash => "tessera-conformance-wrong-schema-hash",
                StartDefect.MatchingSchemaHash => profile.SchemaHash,
                _ => "",
            },
        };

        if (command.Defect == StartDefect.NoCredential)
        {
            return new StartRequest { Wire = wire, InstanceId = instanceId, ExpiresAt = now, Credential = "no credential" };
        }

        if (command.Guest)
        {
            var userId = command.Defect == StartDefect.EmptyGuestUser ? "" : "guest-" + context.UserId(command.User);
            wire.Guest = new GuestCredential { UserId = userId };
            return new StartRequest
            {
                Wire = wire,
                InstanceId = instanceId,
                Identity = new SessionIdentity(profile.GuestIssuer, userId, true),
                ExpiresAt = now + profile.GuestSessionLifetime,
                Credential = $"guest(\"{userId}\")",
            };
        }

        TokenFacts facts;
        if (command.Preset is { } preset)
        {
            (wire.Token, facts) = (preset.Token, preset.Facts);
        }
        else
        {
            var claims = new BaseClaims(context.Issuer(command.IssuerIndex), context.UserId(command.User), context.Roles(command.Roles), now, now + context.Lifetime(command.LifetimeSteps, command.Fraction));
            (wire.Token, facts) = context.Tokens.Make(command.Flavor, command.Variant, claims, now);
        }

        if (command.Defect == StartDefect.EmptyToken)
        {
            wire.Token = "";
            facts = facts with { Description = "token \"\"" };
        }

        return new StartRequest
        {
            Wire = wire,
            InstanceId = instanceId,
            Identity = new SessionIdentity(facts.Issuer ?? "", facts.Subject ?? "", false),
            Roles = facts.RoleSet(),
            ExpiresAt = facts.ExpiresAt ?? now,
            Facts = facts,
            Credential = facts.Description,
        };
    }
}
