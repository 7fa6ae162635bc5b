using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Tessera.Protocol;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// Properties over random claim sets and random damage: minting and
/// validating round-trip exactly, and no corruption of a token ever throws or
/// yields other claims (TOK-1, TOK-5, TOK-8, TOK-9). Each property runs
/// inside a fact through <see cref="PropertyCheck"/>.
/// </summary>
public sealed class TokenValidatorPropertyTests
{
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(5);

    /// <summary>A claim set the validator must accept, and the claims it must report.</summary>
    public sealed record ClaimSet(
        string Algorithm,
        string Issuer,
        string Subject,
        string[] Roles,
        DateTimeOffset IssuedAt,
        DateTimeOffset ExpiresAt,
        DateTimeOffset? NotBefore,
        bool WithTokenType,
        (string Name, string Json)[] Extra)
    {
        public TokenSpec ToSpec()
        {
            var spec = new TokenSpec()
                .WithIssuer(Issuer)
                .WithSubject(Subject)
                .WithIssuedAt(IssuedAt)
                .WithExpiresAt(ExpiresAt);
            if (Roles.Length > 0)
            {
                spec = spec.WithRoles(Roles);
            }

            if (NotBefore is { } notBefore)
            {
                spec = spec.WithNotBefore(notBefore);
            }

            if (WithTokenType)
            {
                spec = spec.WithTokenType("user");
            }

            foreach (var (name, json) in Extra)
            {
                spec = spec.WithRawClaim(name, json);
            }

            return spec;
        }

        public override string ToString() =>
            $"{Algorithm} iss={Issuer} sub={Subject} roles=[{string.Join(",", Roles)}] iat={IssuedAt:O} exp={ExpiresAt:O} nbf={NotBefore:O} extra={Extra.Length}";
    }

    // Each part is one character (one Unicode scalar value), so the length is exact.
    private static Gen<string> Text(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from parts in Gen.Elements("a", "Z", "0", "-", "_", " ", "\"", "\\", "/", "\u0000", "\n", "\u00e9", "\u4e2d", "\U0001F600", "\u2028", "<", "&").ArrayOf(length)
        select string.Concat(parts);

    // Instants in [Now + minSeconds, Now + maxSeconds + 1 s), tick-exact.
    private static Gen<DateTimeOffset> Offset(int minSeconds, int maxSeconds) =>
        from seconds in Gen.Choose(minSeconds, maxSeconds)
        from ticks in Gen.Choose(0, (int)TimeSpan.TicksPerSecond - 1)
        select Now + TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(ticks);

    private static Gen<ClaimSet> ClaimSets() =>
        from algorithm in Gen.Elements(JwsAlgorithms.HS256, JwsAlgorithms.HS512, JwsAlgorithms.RS256, JwsAlgorithms.PS256, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA)
        from issuer in Gen.Elements(Issuer, OtherIssuer)
        from subject in Text(1, 128)
        from roleCount in Gen.Choose(0, 8)
        from roles in Text(0, 12).ArrayOf(roleCount)
        // iat and nbf stay below Now + leeway (5 s). Once they reached up to
        // Now + 5.9999999 s and the validator rightly answered NOT_YET_VALID
        // (replay 2955359519782258602,5092086414409613223,54: nbf = Now + 5.5361253 s).
        from issuedAt in Offset(-7200, 4)
        from lifetimeSeconds in Gen.Choose(1, 24 * 3600)
        from notBefore in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), Offset(-7200, 4).Select(d => (DateTimeOffset?)d))
        from withTokenType in Gen.Elements(true, false)
        from extraCount in Gen.Choose(0, 3)
        from extra in Gen.Elements(("jti", "\"abc\""), ("x", "[1,{\"a\":[null,true]}]"), ("n", "-0.5e-3"), ("o", "{}"))
            .ArrayOf(extraCount).Select(e => e.DistinctBy(x => x.Item1).ToArray())
        let expiresAt = issuedAt + TimeSpan.FromSeconds(lifetimeSeconds)
        where expiresAt + Leeway > Now
        select new ClaimSet(algorithm, issuer, subject, roles, issuedAt, expiresAt, notBefore, withTokenType, extra);

    [Fact]
    [Trait("Requirement", Req.TOK_8)]
    [Trait("Requirement", Req.TOK_9)]
    public void Validate_RandomValidClaimSets_RoundTripExactly()
    {
        var (validator, _) = Validator();

        PropertyCheck.Run(Prop.ForAll(Arb.From(ClaimSets()), claims =>
        {
            var token = TokenMinter.Mint(claims.ToSpec(), ByAlgorithm(claims.Algorithm));
            var result = validator.Validate(token);
            if (!result.IsValid)
            {
                throw new InvalidOperationException($"refused: {result}");
            }

            var validated = result.Token;
            string[] expectedRoles = [.. claims.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            return validated.Issuer == claims.Issuer
                && validated.Subject == claims.Subject
                && validated.Roles.SequenceEqual(expectedRoles)
                && validated.IssuedAt == claims.IssuedAt
                && validated.ExpiresAt == claims.ExpiresAt
                && validated.NotBefore == claims.NotBefore;
        }), maxTest: 300);
    }

    /// <summary>One character replaced, removed or inserted, anywhere in the token.</summary>
    public sealed record Damage(int Kind, int Position, char Character)
    {
        public string Apply(string token)
        {
            var position = Position % (token.Length + (Kind == 2 ? 1 : 0));
            return Kind switch
            {
                0 => token[..position] + Character + token[(position + 1)..],
                1 => token.Remove(position, 1),
                _ => token.Insert(position, Character.ToString()),
            };
        }
    }

    private static Gen<Damage> Damages() =>
        from kind in Gen.Choose(0, 2)
        from position in Gen.Choose(0, int.MaxValue - 1)
        from character in Gen.OneOf(
            Gen.Choose(0, 255).Select(b => (char)b),
            Gen.Elements('.', '=', '-', '_', '+', '/', 'A', 'a', '0', ' ', '\u00e9', '\ud800'))
        select new Damage(kind, position, character);

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    [Trait("Requirement", Req.TOK_5)]
    public void Validate_SingleCharacterDamage_NeverThrowsNeverOtherClaims()
    {
        var (validator, _) = Validator();
        var cases = from claims in ClaimSets() from damage in Damages() select (claims, damage);

        PropertyCheck.Run(Prop.ForAll(Arb.From(cases), pair =>
        {
            var (claims, damage) = pair;
            var original = TokenMinter.Mint(claims.ToSpec(), ByAlgorithm(claims.Algorithm));
            var expected = validator.Validate(original).Token!;
            var damaged = damage.Apply(original);

            var result = validator.Validate(damaged);

            // Canonical base64url gives each token exactly one spelling, so any
            // change either fails or (impossibly) still carries the same claims.
            return damaged == original
                || !result.IsValid
                || (result.Token.Subject == expected.Subject
                    && result.Token.Issuer == expected.Issuer
                    && result.Token.Roles.SequenceEqual(expected.Roles)
                    && result.Token.ExpiresAt == expected.ExpiresAt);
        }), maxTest: 1000);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_1)]
    public void Validate_SignedRandomBytesAsHeaderOrPayload_RefusedWithoutThrowing()
    {
        var (validator, _) = Validator();
        var cases =
            from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
            from asHeader in Gen.Elements(true, false)
            select (bytes, asHeader);

        PropertyCheck.Run(Prop.ForAll(Arb.From(cases), pair =>
        {
            var (bytes, asHeader) = pair;
            var good = TokenMinter.Split(TokenMinter.Mint(Spec(), Hmac));
            var header = asHeader ? TokenMinter.Encode(bytes) : good.Header;
            var payload = asHeader ? good.Payload : TokenMinter.Encode(bytes);

            return !validator.Validate(TokenMinter.SignSegments(header, payload, Hmac)).IsValid;
        }), maxTest: 500);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_5)]
    public void Validate_RandomSignatureBytes_AlwaysBadSignature()
    {
        var (validator, _) = Validator();
        var cases =
            from algorithm in Gen.Elements(JwsAlgorithms.HS256, JwsAlgorithms.RS256, JwsAlgorithms.ES256, JwsAlgorithms.EdDSA)
            from length in Gen.Choose(0, 300)
            select (algorithm, length);

        PropertyCheck.Run(Prop.ForAll(Arb.From(cases), pair =>
        {
            var (header, payload, _) = TokenMinter.Split(TokenMinter.Mint(Spec(), ByAlgorithm(pair.algorithm)));
            var token = header + "." + payload + "." + TokenMinter.Encode(RandomNumberGenerator.GetBytes(pair.length));

            return validator.Validate(token).Outcome == TokenValidationOutcome.BadSignature;
        }), maxTest: 200);
    }
}
