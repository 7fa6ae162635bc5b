namespace Tessera.Server.Tokens;

/// <summary>
/// Why a token was accepted or refused, finer than the ErrorInfo reason: for
/// metrics and logs, never sent to clients (they see only the reason). The
/// comment on each value names the reason it maps to and the rule.
/// </summary>
internal enum TokenValidationOutcome
{
    /// <summary>Every TOK check passed.</summary>
    Valid,

    /// <summary>TOKEN_INVALID: longer than max_token_bytes (TOK-2).</summary>
    TooLarge,

    /// <summary>TOKEN_INVALID: not a JWS compact token with JSON-object header and payload, or a repeated member (TOK-1).</summary>
    Malformed,

    /// <summary>TOKEN_INVALID: <c>alg</c> is none, unknown, or not allowed for the selected key (TOK-3).</summary>
    AlgorithmNotAllowed,

    /// <summary>TOKEN_INVALID: no configured key has the <c>kid</c>, or a kid-less token does not select exactly one key (TOK-4).</summary>
    UnknownKey,

    /// <summary>TOKEN_INVALID: the signature does not verify (TOK-5).</summary>
    BadSignature,

    /// <summary>TOKEN_INVALID: <c>iss</c> is missing, not a string, or not a configured issuer (TOK-6).</summary>
    IssuerNotAllowed,

    /// <summary>TOKEN_INVALID: <c>aud</c> does not name the configured audience (TOK-7).</summary>
    AudienceMismatch,

    /// <summary>TOKEN_INVALID: a claim is missing or of the wrong type or value (TOK-8, TOK-9, TOK-10).</summary>
    InvalidClaims,

    /// <summary>TOKEN_INVALID: <c>exp</c> is not after <c>iat</c>, or <c>exp - iat</c> exceeds the maximum (TOK-11).</summary>
    LifetimeTooLong,

    /// <summary>TOKEN_EXPIRED: <c>now &gt;= exp + leeway</c> (TOK-12).</summary>
    Expired,

    /// <summary>TOKEN_NOT_YET_VALID: <c>nbf</c> or <c>iat</c> is after <c>now + leeway</c> (TOK-13).</summary>
    NotYetValid,
}
