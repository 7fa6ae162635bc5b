using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tokens;

/// <summary>
/// Gets the tokens the commands ask for from Tessera.Tokens' catalog
/// (<see cref="TokenAttacks"/>), with the key the target trusts, and writes
/// down the facts the model judges them by: the claims read back from the
/// token, and the catalog's verdict for what the claims do not show.
/// </summary>
internal sealed class TokenFactory(MintingKey key, string? audience, TargetProfile profile, bool exactTime)
{
    /// <summary>An issuer no target is configured with (TOK-6).</summary>
    public const string UnknownIssuer = TokenAttacks.UnknownIssuer;

    public MintingKey Key { get; } = key;

    /// <summary>True with the test clock: boundary flavors land on the exact tick.</summary>
    public bool ExactTime { get; } = exactTime;

    /// <summary>How far from a boundary a real-clock token stays, so clock skew and latency cannot flip its verdict.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Mints <paramref name="flavor"/> of <paramref name="claims"/> at the model's <paramref name="now"/>.</summary>
    /// <exception cref="TokenDoesNotFitException">The token cannot be made, or would be refused for its size alone.</exception>
    public (string Token, TokenFacts Facts) Make(TokenFlavor flavor, int variant, BaseClaims claims, DateTimeOffset now)
    {
        var targetAudience = audience is { Length: > 0 } a ? a : null;
        var spec = TokenSpec.ForUser(claims.Issuer, claims.Subject, claims.IssuedAt, claims.ExpiresAt - claims.IssuedAt, claims.Roles);
        if (targetAudience is not null)
        {
            spec = spec.WithAudience(targetAudience);
        }

        var claimed = new TokenFacts
        {
            Issuer = claims.Issuer,
            Subject = claims.Subject,
            Roles = claims.Roles,
            ExpiresAt = claims.ExpiresAt,
            IssuedAt = claims.IssuedAt,
            Audiences = targetAudience is null ? null : [targetAudience],
        };

        string token;
        TokenFacts facts;
        string? note = null;
        if (FlavorAttacks.Name(flavor, variant, ExactTime, Key.IsSymmetric, targetAudience is not null) is { } name)
        {
            TokenCase minted;
            try
            {
                minted = TokenAttacks.Named(name).Mint(AttackContext(claims, targetAudience, now), spec);
            }
            catch (TokenAttackNotApplicableException e)
            {
                throw new TokenDoesNotFitException($"a {flavor} token cannot be made: {e.Reason}");
            }

            token = minted.Token;
            // A token without a readable payload (two segments, JWE) still stands for the claims it was made from.
            facts = Judged(minted, TokenReadBack.Read(token) ?? claimed, nameTimeRule: false);
            note = name;
        }
        else
        {
            // Good tokens come from IdentityModel's JsonWebTokenHandler
            // unless their dates carry a fraction.
            token = TokenMinter.MintValid(spec, Key);
            facts = claimed;
        }

        // A token the target's declared limit refuses (TOK-2, checked before
        // anything else) cannot show what the command is about: a valid one,
        // or one meant to fail a later check (TOKEN_EXPIRED, ...). Tokens meant
        // to be TOKEN_INVALID answer the same either way and stay. So a small
        // legal limit is a skip, never a failure.
        var size = System.Text.Encoding.UTF8.GetByteCount(token);
        if (size > profile.MaxTokenBytes && facts.Defects.Count == 0)
        {
            throw new TokenDoesNotFitException(
                $"a token ({flavor}) needs {size} bytes; the target declares max_token_bytes = {profile.MaxTokenBytes}");
        }

        var subject = facts.Subject ?? claims.Subject;
        var shownSubject = subject.Length > 20 ? subject[..8] + "..." : subject;
        var exp = facts.ExpiresAt ?? claims.ExpiresAt;
        var description = $"token({shownSubject}, roles={Format.List(claims.Roles)}, exp={Relative(exp, now)}"
            + (facts.Issuer is { } issuer && issuer != claims.Issuer ? ", iss=" + issuer : "")
            + (note is null ? "" : ", " + note) + ")";
        return (token, facts with { Description = description });
    }

    /// <summary>What the catalog needs to know about the target, around the claims of one command.</summary>
    private TokenAttackContext AttackContext(BaseClaims claims, string? targetAudience, DateTimeOffset now) =>
        new(Key, claims.Issuer, now, profile.Leeway, profile.MaxTokenLifetime, profile.MaxTokenBytes)
        {
            Subject = claims.Subject,
            Roles = claims.Roles,
            Audience = targetAudience,
            Margin = Margin,
        };

    /// <summary>"now+90s", "now-1tick".</summary>
    public static string Relative(DateTimeOffset instant, DateTimeOffset now) =>
        instant >= now ? "now+" + Format.Duration(instant - now) : "now-" + Format.Duration(now - instant);

    /// <summary>
    /// Facts of a fixed attack token (the tok/* cases): its payload read back
    /// when it parses, the catalog's verdict as a defect when it says
    /// TOKEN_INVALID, and its rule as what a refusal of any other one breaks.
    /// </summary>
    public static TokenFacts FactsOf(TokenCase tokenCase) =>
        Judged(tokenCase, TokenReadBack.Read(tokenCase.Token) ?? new TokenFacts(), nameTimeRule: true) with { Description = "token " + tokenCase.Name };

    /// <summary>
    /// The catalog's TOKEN_INVALID is a defect the model cannot see in the
    /// claims; an accepted token's rule (and with <paramref name="nameTimeRule"/>,
    /// an expired or not-yet-valid one's) is what a wrong refusal breaks.
    /// TOKEN_EXPIRED and TOKEN_NOT_YET_VALID the model derives from the times.
    /// </summary>
    private static TokenFacts Judged(TokenCase tokenCase, TokenFacts read, bool nameTimeRule) => tokenCase.ExpectedReason switch
    {
        TokenCase.Invalid => read with { Defects = [new Rule(ErrorReasons.TokenInvalid, [tokenCase.Requirement])] },
        null => read with { ValidityIds = [tokenCase.Requirement] },
        _ => nameTimeRule ? read with { ValidityIds = [tokenCase.Requirement] } : read,
    };
}
