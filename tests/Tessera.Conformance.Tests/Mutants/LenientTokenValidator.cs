using Tessera.Protocol.V1;
using System.Security.Cryptography;
using Tessera.Server.Errors;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A token validator with one hole in it, wrapped around the real one: it
/// accepts some tokens the real validator refuses (or, for the precedence
/// hole, refuses one with the wrong reason).
/// </summary>
/// <remarks>
/// A hole skips one check. The real validator stops at the first check that
/// fails, so the checks after the skipped one are not run by it; this class
/// runs the time checks (TOK-11 to TOK-13) itself after a skipped check
/// that comes before them, so that a hole is that one check missing and not
/// "anything goes". The claim checks between (TOK-6 to TOK-10 after a
/// skipped header check) are not repeated: the attack tokens break one rule
/// each, so nothing is left for them to find. Where the real validator stops
/// before the signature (size, structure, kid), the hole verifies the HS256
/// signature itself with the configured secret, as a server with that one
/// check missing would.
/// </remarks>
internal sealed class LenientTokenValidator(ITokenValidator inner, TokenValidationOptions options, TimeProvider time, LenientTokenValidator.Hole hole, byte[]? publicKeyPem = null) : ITokenValidator
{
    public enum Hole
    {
        /// <summary>Never looks at exp (TOK-12).</summary>
        AcceptsExpired,

        /// <summary>Five minutes of leeway on exp, nbf and iat, like some JWT libraries' default (TOK-12).</summary>
        FiveMinuteLeeway,

        /// <summary>Takes alg none at its word (TOK-3).</summary>
        AcceptsAlgNone,

        /// <summary>Verifies HS256 with the public key's PEM text as the HMAC secret (TOK-3).</summary>
        KeyConfusion,

        /// <summary>A repeated header or claim name is not noticed; the JSON reader keeps one of the values (TOK-1).</summary>
        RepeatedMembers,

        /// <summary>Repeated names are looked for only among a segment's top-level members, as a hand-written scanner did before draft 2 (TOK-1).</summary>
        TopLevelRepeatsOnly,

        /// <summary>No max_token_bytes: a token of any length is parsed (TOK-2).</summary>
        NoSizeLimit,

        /// <summary>The kid is not looked at: the token is verified with the configured secret whatever kid it names (TOK-4).</summary>
        IgnoresKid,

        /// <summary>The signature is never verified (TOK-5).</summary>
        SkipsSignature,

        /// <summary>Any string iss is taken (TOK-6).</summary>
        SkipsIssuer,

        /// <summary>aud is not compared with the configured audience (TOK-7).</summary>
        SkipsAudience,

        /// <summary>exp, iat and nbf written as strings holding a number are read as numbers (TOK-8).</summary>
        StringDates,

        /// <summary>roles that is not an array of strings is read as the strings it has, or none (TOK-9).</summary>
        UntypedRoles,

        /// <summary>token_type / tokenType is not checked (TOK-10).</summary>
        AnyTokenType,

        /// <summary>exp - iat is not compared with max_token_lifetime, nor exp with iat (TOK-11).</summary>
        NoLifetimeLimit,

        /// <summary>nbf is not looked at; iat still is (TOK-13).</summary>
        IgnoresNbf,

        /// <summary>TOKEN_NOT_YET_VALID is decided before TOKEN_EXPIRED (ERR-4).</summary>
        NotYetValidBeforeExpired,

        /// <summary>Base64url is decoded leniently: non-zero unused bits in a segment's last character are ignored (TOK-1, draft 2).</summary>
        NonCanonicalBase64,

        /// <summary>A three-segment token whose header has enc is taken as a JWS (TOK-1, draft 2).</summary>
        AcceptsEncHeader,

        /// <summary>sub is counted in UTF-16 code units: 128 scalar values with astral ones are refused (TOK-8, draft 2).</summary>
        SubjectInUtf16Units,

        /// <summary>sub is counted in user-perceived characters (text elements): 129 scalar values as 65 are accepted (TOK-8, draft 2).</summary>
        SubjectInTextElements,
    }

    /// <summary>Where the time checks resume after a hole: the ones from this stage on still run.</summary>
    private enum TimeCheck
    {
        Lifetime,
        Expiry,
        NotBefore,
    }

    private readonly byte[]? _secret = options.SharedSecrets.Count > 0 ? options.SharedSecrets[0].GetSecretBytes() : null;

    public TokenValidationResult Validate(string token)
    {
        var result = inner.Validate(token);
        if (result.IsValid)
        {
            return hole == Hole.SubjectInUtf16Units && result.Token!.Subject.Length > TokenValidator.MaxSubjectLength ? SubjectTooLong : result;
        }

        var outcome = result.Outcome;
        var now = time.GetUtcNow();
        var leeway = options.ClockSkewLeeway;
        return hole switch
        {
            Hole.AcceptsExpired when outcome == TokenValidationOutcome.Expired => Accept(result, TokenPayload.Claims(token), TimeCheck.NotBefore),
            Hole.FiveMinuteLeeway => FiveMinutes(result, token, now),
            Hole.AcceptsAlgNone when string.Equals(TokenPayload.Algorithm(token), "none", StringComparison.OrdinalIgnoreCase) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.KeyConfusion when TokenPayload.Algorithm(token) == "HS256" && publicKeyPem is not null && TokenPayload.Signature(token) is { } signature
                && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(publicKeyPem, TokenPayload.SigningInput(token)), signature) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.RepeatedMembers when outcome == TokenValidationOutcome.Malformed && TokenPayload.HasRepeatedMember(token) && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.TopLevelRepeatsOnly when outcome == TokenValidationOutcome.Malformed && TokenPayload.HasRepeatedMember(token, nested: true) && !TokenPayload.HasRepeatedMember(token) && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.NoSizeLimit when outcome == TokenValidationOutcome.TooLarge && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.IgnoresKid when outcome == TokenValidationOutcome.UnknownKey && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.SkipsSignature when outcome == TokenValidationOutcome.BadSignature => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.SkipsIssuer when outcome == TokenValidationOutcome.IssuerNotAllowed => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.SkipsAudience when outcome == TokenValidationOutcome.AudienceMismatch => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.StringDates when outcome == TokenValidationOutcome.InvalidClaims && TokenPayload.HasStringDate(token) => Accept(result, TokenPayload.Claims(token, stringDates: true), TimeCheck.Lifetime),
            Hole.UntypedRoles when outcome == TokenValidationOutcome.InvalidClaims && TokenPayload.HasMistypedRoles(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.AnyTokenType when outcome == TokenValidationOutcome.InvalidClaims && TokenPayload.HasOtherTokenType(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.NoLifetimeLimit when outcome == TokenValidationOutcome.LifetimeTooLong => Accept(result, TokenPayload.Claims(token), TimeCheck.Expiry),
            Hole.IgnoresNbf when outcome == TokenValidationOutcome.NotYetValid && TokenPayload.Claims(token) is { } claims && claims.IssuedAt <= now + leeway => TokenValidationResult.Success(claims),
            Hole.NonCanonicalBase64 when outcome == TokenValidationOutcome.Malformed && TokenPayload.HasNonCanonicalSegment(token) && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.AcceptsEncHeader when outcome == TokenValidationOutcome.Malformed && TokenPayload.HeaderHas(token, "enc") && SignedBySecret(token) => Accept(result, TokenPayload.Claims(token), TimeCheck.Lifetime),
            Hole.SubjectInTextElements when outcome == TokenValidationOutcome.InvalidClaims && TokenPayload.Claims(token) is { } counted
                && counted.Subject.EnumerateRunes().Count() > TokenValidator.MaxSubjectLength
                && new System.Globalization.StringInfo(counted.Subject).LengthInTextElements <= TokenValidator.MaxSubjectLength => Accept(result, counted, TimeCheck.Lifetime),
            Hole.NotYetValidBeforeExpired when outcome == TokenValidationOutcome.Expired && TokenPayload.Claims(token) is { } claims
                && ((claims.NotBefore is { } nbf && nbf > now + leeway) || claims.IssuedAt > now + leeway) => NotYetValid,
            _ => result,
        };
    }

    private static TokenValidationResult NotYetValid { get; } = TokenValidationResult.Failure(
        TokenValidationOutcome.NotYetValid, new TesseraError(ErrorReasons.TokenNotYetValid, "The token is not valid yet (mutant: checked before expiry)."));

    private static TokenValidationResult SubjectTooLong { get; } = TokenValidationResult.Failure(
        TokenValidationOutcome.InvalidClaims, TesseraError.TokenInvalid("The token's \"sub\" is longer than 128 UTF-16 units (mutant)."));

    private static TokenValidationResult Expired { get; } = TokenValidationResult.Failure(
        TokenValidationOutcome.Expired, new TesseraError(ErrorReasons.TokenExpired, "The token has expired (mutant)."));

    private static TokenValidationResult LifetimeTooLong { get; } = TokenValidationResult.Failure(
        TokenValidationOutcome.LifetimeTooLong, TesseraError.TokenInvalid("The token's lifetime is out of bounds (mutant)."));

    private bool SignedBySecret(string token) => _secret is not null && TokenPayload.HmacVerifies(token, _secret);

    /// <summary>The skipped check let the token through: the time checks from <paramref name="from"/> on decide.</summary>
    private TokenValidationResult Accept(TokenValidationResult refused, ValidatedToken? claims, TimeCheck from)
    {
        if (claims is null)
        {
            // Not even well-typed claims: the real answer stands.
            return refused;
        }

        var now = time.GetUtcNow();
        var leeway = options.ClockSkewLeeway;
        if (from <= TimeCheck.Lifetime && (claims.ExpiresAt <= claims.IssuedAt || claims.ExpiresAt - claims.IssuedAt > options.MaxTokenLifetime))
        {
            return LifetimeTooLong;
        }

        if (from <= TimeCheck.Expiry && now >= claims.ExpiresAt + leeway)
        {
            return Expired;
        }

        if (from <= TimeCheck.NotBefore && ((claims.NotBefore is { } nbf && nbf > now + leeway) || claims.IssuedAt > now + leeway))
        {
            return NotYetValid;
        }

        return TokenValidationResult.Success(claims);
    }

    private static TokenValidationResult FiveMinutes(TokenValidationResult result, string token, DateTimeOffset now)
    {
        var five = TimeSpan.FromMinutes(5);
        var accept = (result.Outcome == TokenValidationOutcome.Expired && TokenPayload.Claims(token) is { } expired && now < expired.ExpiresAt + five)
            || (result.Outcome == TokenValidationOutcome.NotYetValid && TokenPayload.Claims(token) is { } early && (early.NotBefore ?? early.IssuedAt) <= now + five && early.IssuedAt <= now + five);
        return accept && TokenPayload.Claims(token) is { } claims ? TokenValidationResult.Success(claims) : result;
    }
}
