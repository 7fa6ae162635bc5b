namespace Tessera.Conformance.Tokens;

/// <summary>
/// What is special about a generated token: the generator's small selector
/// over Tessera.Tokens' catalog. Each flavor other than <see cref="Valid"/>
/// stands for one or a few catalog attacks (<see cref="FlavorAttacks"/>),
/// which mint it; the model derives the expected answer from the claims read
/// back (times, issuer, audience, size) and the catalog's verdict.
/// </summary>
internal enum TokenFlavor
{
    /// <summary>Good claims, signed by the trusted key.</summary>
    Valid,

    /// <summary>exp + leeway before now (TOK-12).</summary>
    Expired,

    /// <summary>now == exp + leeway exactly: expired (TOK-12). Test clock only.</summary>
    ExpiredAtBoundary,

    /// <summary>One tick before exp + leeway: still valid (TOK-12). Test clock only.</summary>
    ValidOneTickBeforeExpiry,

    /// <summary>nbf after now + leeway (TOK-13).</summary>
    NotYetValidNbf,

    /// <summary>iat after now + leeway (TOK-13).</summary>
    NotYetValidIat,

    /// <summary>nbf == now + leeway: valid (TOK-13). Test clock only.</summary>
    NbfAtBoundary,

    /// <summary>An issuer the target does not accept (TOK-6).</summary>
    UnknownIssuer,

    /// <summary>aud that is not the target's audience; valid when it has none (TOK-7).</summary>
    WrongAudience,

    /// <summary>aud as an array that contains the audience: valid (TOK-7).</summary>
    AudienceArray,

    /// <summary>A flipped signature bit (TOK-5).</summary>
    BadSignature,

    /// <summary>alg none in some letter case (TOK-3).</summary>
    AlgNone,

    /// <summary>HS256 keyed with the public key's bytes, or a public-key alg on a secret (TOK-3).</summary>
    KeyConfusion,

    /// <summary>A kid no key has (TOK-4).</summary>
    UnknownKid,

    /// <summary>exp - iat one step over max_token_lifetime (TOK-11).</summary>
    OverLongLifetime,

    /// <summary>exp - iat exactly max_token_lifetime: valid (TOK-11).</summary>
    LifetimeAtMax,

    /// <summary>exp == iat (TOK-11).</summary>
    ExpNotAfterIat,

    /// <summary>max_token_bytes + 1 bytes (TOK-2).</summary>
    Oversized,

    /// <summary>Exactly max_token_bytes: valid (TOK-2).</summary>
    SizeAtLimit,

    /// <summary>Not a JWS compact serialization of JSON objects (TOK-1).</summary>
    Malformed,

    /// <summary>sub of 129 characters (TOK-8).</summary>
    SubjectTooLong,

    /// <summary>exp written as a string (TOK-8).</summary>
    ExpNotNumber,

    /// <summary>roles that is not an array of strings (TOK-9).</summary>
    RolesNotArray,

    /// <summary>token_type other than "user" (TOK-10).</summary>
    WrongTokenType,

    /// <summary>token_type or tokenType "user": valid (TOK-10).</summary>
    UserTokenType,
}
