using Tessera.Conformance.Execution;
using Tessera.Conformance.Model;
using Tessera.Conformance.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Commands;

/// <summary>
/// Job (a) of <see cref="UpdateCommand"/>: the session the reference names
/// and the token its choices stand for, built relative to that session.
/// </summary>
internal sealed record UpdateRequest : SessionRequest
{
    public required UpdateSessionTokenRequest Wire { get; init; }

    public override string SessionId => Wire.SessionId;

    /// <summary>The minted token's claims as the model judges them (before it was emptied, if it was).</summary>
    public required TokenFacts Facts { get; init; }

    public static UpdateRequest Build(UpdateCommand command, SequenceContext context)
    {
        var now = context.Now;
        var (id, session, label) = context.ResolveSession(command.Session);

        var issuer = session is null || session.Identity.Guest ? context.Run.Issuer : session.Identity.Issuer;
        var subject = session?.Identity.UserId ?? context.UserId(0);
        switch (command.Identity)
        {
            case IdentityChoice.OtherUser:
                subject = context.Settings.Users.First(u => u != subject);
                break;
            case IdentityChoice.OtherIssuer:
                issuer = context.OtherIssuer(issuer) ?? TokenFactory.UnknownIssuer;
                break;
        }

        var sessionRoles = session?.Roles ?? [];
        IReadOnlyList<string> roles = command.Roles switch
        {
            RolesChoice.Reordered => sessionRoles.Count > 1 ? [.. sessionRoles.Reverse()] : sessionRoles,
            RolesChoice.Repeated => sessionRoles.Count > 0 ? [.. sessionRoles, sessionRoles[0]] : sessionRoles,
            RolesChoice.Different => sessionRoles.Count > 0 && command.Variant % 2 == 0
                ? [.. sessionRoles.Take(sessionRoles.Count - 1)]
                : [.. sessionRoles, context.Settings.RolePool.FirstOrDefault(r => !sessionRoles.Contains(r)) ?? "tessera-extra-role"],
            RolesChoice.Empty => [],
            _ => sessionRoles,
        };

        var current = session?.ExpiresAt ?? now;
        var step4 = TimeSpan.FromTicks(context.Settings.Unit.Ticks * Math.Max(1, command.ExpSteps) / 4);
        var exp = command.Exp switch
        {
            ExpChoice.Same => current,
            ExpChoice.Earlier => current - (context.Settings.ExactClock ? TimeSpan.FromTicks(1) : context.Tokens.Margin),
            _ => (current > now ? current : now) + step4,
        };
        var iat = exp - context.Settings.Unit < now ? exp - context.Settings.Unit : now;
        var (token, facts) = command.Preset is { } preset
            ? (preset.Token, preset.Facts)
            : context.Tokens.Make(command.Flavor, command.Variant, new BaseClaims(issuer, subject, roles, iat, exp), now);
        return new UpdateRequest
        {
            Wire = new UpdateSessionTokenRequest { SessionId = id, Token = command.EmptyToken ? "" : token },
            Session = session,
            Label = label,
            Facts = facts,
        };
    }
}
