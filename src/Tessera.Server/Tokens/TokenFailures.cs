using Tessera.Protocol.V1;
using Tessera.Server.Errors;

namespace Tessera.Server.Tokens;

/// <summary>
/// Every way a token is refused, built once: refusing allocates nothing, and a
/// message never echoes token content back (it may be hostile, and it ends up
/// in logs). Messages name the rule so a developer can look it up.
/// </summary>
internal static class TokenFailures
{
    public static readonly TokenValidationResult Empty = Invalid(TokenValidationOutcome.Malformed, "The token is empty (TOK-1).");
    public static readonly TokenValidationResult TooFewSegments = Invalid(TokenValidationOutcome.Malformed, "The token is not a JWS in compact form: it has fewer than three segments (TOK-1).");
    public static readonly TokenValidationResult TooManySegments = Invalid(TokenValidationOutcome.Malformed, "The token has more than three segments; JWE and other forms are not accepted (TOK-1).");
    public static readonly TokenValidationResult BadEncoding = Invalid(TokenValidationOutcome.Malformed, "A token segment is not unpadded base64url (TOK-1).");
    public static readonly TokenValidationResult BadJson = Invalid(TokenValidationOutcome.Malformed, "The token's header or payload is not valid JSON (TOK-1).");
    public static readonly TokenValidationResult HeaderNotObject = Invalid(TokenValidationOutcome.Malformed, "The token's header is not a JSON object (TOK-1).");
    public static readonly TokenValidationResult PayloadNotObject = Invalid(TokenValidationOutcome.Malformed, "The token's payload is not a JSON object (TOK-1).");
    public static readonly TokenValidationResult DuplicateHeader = Invalid(TokenValidationOutcome.Malformed, "The token's header repeats a member name (TOK-1).");
    public static readonly TokenValidationResult DuplicateClaim = Invalid(TokenValidationOutcome.Malformed, "The token's payload repeats a claim name (TOK-1).");
    public static readonly TokenValidationResult Encrypted = Invalid(TokenValidationOutcome.Malformed, "The token's header has \"enc\": JWE is not accepted (TOK-1).");
    public static readonly TokenValidationResult Nested = Invalid(TokenValidationOutcome.Malformed, "The token's header has \"cty\": \"JWT\": nested tokens are not accepted (TOK-1).");
    public static readonly TokenValidationResult Critical = Invalid(TokenValidationOutcome.Malformed, "The token's header has \"crit\": no JWS extension is supported (TOK-1, RFC 7515 section 4.1.11).");

    public static readonly TokenValidationResult AlgorithmMissing = Invalid(TokenValidationOutcome.AlgorithmNotAllowed, "The token's header has no \"alg\" string (TOK-3).");
    public static readonly TokenValidationResult AlgorithmNone = Invalid(TokenValidationOutcome.AlgorithmNotAllowed, "Unsigned tokens (alg \"none\") are never accepted (TOK-3).");
    public static readonly TokenValidationResult AlgorithmUnknown = Invalid(TokenValidationOutcome.AlgorithmNotAllowed, "The token's alg is not one the server accepts (TOK-3).");
    public static readonly TokenValidationResult AlgorithmNotForKey = Invalid(TokenValidationOutcome.AlgorithmNotAllowed, "The token's alg is not allowed for the key its kid selects (TOK-3).");
    public static readonly TokenValidationResult AlgorithmWithoutKey = Invalid(TokenValidationOutcome.AlgorithmNotAllowed, "No configured key allows the token's alg (TOK-3).");

    public static readonly TokenValidationResult KeyIdNotString = Invalid(TokenValidationOutcome.UnknownKey, "The token's kid is not a string (TOK-4).");
    public static readonly TokenValidationResult KeyIdUnknown = Invalid(TokenValidationOutcome.UnknownKey, "No configured key has the token's kid (TOK-4).");
    public static readonly TokenValidationResult KeyIdRequired = Invalid(TokenValidationOutcome.UnknownKey, "The token has no kid, and more than one configured key allows its alg (TOK-4).");

    public static readonly TokenValidationResult BadSignature = Invalid(TokenValidationOutcome.BadSignature, "The token's signature does not verify (TOK-5).");

    public static readonly TokenValidationResult IssuerMissing = Invalid(TokenValidationOutcome.IssuerNotAllowed, "The token has no \"iss\" claim (TOK-6).");
    public static readonly TokenValidationResult IssuerNotString = Invalid(TokenValidationOutcome.IssuerNotAllowed, "The token's \"iss\" is not a string (TOK-6).");
    public static readonly TokenValidationResult IssuerUnknown = Invalid(TokenValidationOutcome.IssuerNotAllowed, "The token's \"iss\" is not an issuer the server accepts (TOK-6).");

    public static readonly TokenValidationResult AudienceMismatch = Invalid(TokenValidationOutcome.AudienceMismatch, "The token's \"aud\" is not the server's audience or an array of strings containing it (TOK-7).");

    public static readonly TokenValidationResult SubjectInvalid = Invalid(TokenValidationOutcome.InvalidClaims, "The token's \"sub\" must be a string of 1 to 128 characters (TOK-8).");
    public static readonly TokenValidationResult ExpiresMissing = Invalid(TokenValidationOutcome.InvalidClaims, "The token has no \"exp\" claim (TOK-8).");
    public static readonly TokenValidationResult IssuedAtMissing = Invalid(TokenValidationOutcome.InvalidClaims, "The token has no \"iat\" claim (TOK-8).");
    public static readonly TokenValidationResult DateNotNumber = Invalid(TokenValidationOutcome.InvalidClaims, "The token's \"exp\", \"iat\" and \"nbf\" must be JSON numbers (TOK-8).");
    public static readonly TokenValidationResult DateOutOfRange = Invalid(TokenValidationOutcome.InvalidClaims, "A NumericDate in the token is outside years 1 to 9999 (TOK-8).");
    public static readonly TokenValidationResult RolesInvalid = Invalid(TokenValidationOutcome.InvalidClaims, "The token's \"roles\" must be an array of strings (TOK-9).");
    public static readonly TokenValidationResult TokenTypeInvalid = Invalid(TokenValidationOutcome.InvalidClaims, "The token's \"token_type\" / \"tokenType\" must be \"user\" (TOK-10).");

    public static readonly TokenValidationResult ExpiresNotAfterIssued = Invalid(TokenValidationOutcome.LifetimeTooLong, "The token's \"exp\" is not later than its \"iat\" (TOK-11).");
    public static readonly TokenValidationResult LifetimeTooLong = Invalid(TokenValidationOutcome.LifetimeTooLong, "The token's lifetime (exp - iat) exceeds max_token_lifetime (TOK-11).");

    public static readonly TokenValidationResult Expired = TokenValidationResult.Failure(
        TokenValidationOutcome.Expired,
        new TesseraError(ErrorReasons.TokenExpired, "The token has expired: now >= exp + leeway (TOK-12)."));

    public static readonly TokenValidationResult NotYetValid = TokenValidationResult.Failure(
        TokenValidationOutcome.NotYetValid,
        new TesseraError(ErrorReasons.TokenNotYetValid, "The token is not valid yet: nbf or iat is after now + leeway (TOK-13)."));

    public static TokenValidationResult TooLarge(int maxTokenBytes) =>
        Invalid(TokenValidationOutcome.TooLarge, $"The token is longer than {maxTokenBytes} bytes (TOK-2).");

    private static TokenValidationResult Invalid(TokenValidationOutcome outcome, string message) =>
        TokenValidationResult.Failure(outcome, TesseraError.TokenInvalid(message));
}
