namespace Tessera.Conformance.Tokens;

/// <summary>
/// Which entry of Tessera.Tokens' catalog (<see cref="Tessera.Tokens.TokenAttacks"/>)
/// a generated <see cref="TokenFlavor"/> stands for. The generator picks a
/// flavor and a variant; the catalog mints it. Nothing here mints.
/// </summary>
internal static class FlavorAttacks
{
    private static readonly string[] AlgNone = ["tok-3/alg-none", "tok-3/alg-none-capitalized", "tok-3/alg-none-uppercase", "tok-3/alg-none-mixed-case"];

    private static readonly string[] Confusion = ["tok-3/confusion-hs256-pem", "tok-3/confusion-hs256-spki", "tok-3/confusion-hs256-jwk", "tok-3/confusion-hs256-raw"];

    private static readonly string[] Malformed =
    [
        "tok-1/two-segments", "tok-1/four-segments", "tok-1/jwe-five-segments", "tok-1/padding", "tok-1/header-not-json",
        "tok-1/payload-array", "tok-1/duplicate-claim-same-value", "tok-1/duplicate-header-alg", "tok-1/invalid-character",
    ];

    /// <summary>
    /// The attack's name, or null for <see cref="TokenFlavor.Valid"/> (and the
    /// boundary flavors that are valid, on a real clock). A flavor whose attack
    /// needs the exact test clock falls back on a real clock to its nearest
    /// attack that does not.
    /// </summary>
    /// <param name="flavor">What is special about the token.</param>
    /// <param name="variant">Which of the flavor's attacks, modulo their count.</param>
    /// <param name="exactClock">True with the test clock.</param>
    /// <param name="symmetricKey">True when the target's key is a shared secret (no key confusion with its public half).</param>
    /// <param name="audience">True when the target checks an audience.</param>
    public static string? Name(TokenFlavor flavor, int variant, bool exactClock, bool symmetricKey, bool audience)
    {
        var v = Math.Abs(variant);
        return flavor switch
        {
            TokenFlavor.Valid => null,
            // Just past the boundary, past the margin, or an hour ago.
            TokenFlavor.Expired => (v % 3) switch
            {
                0 when exactClock => "tok-12/expired-one-tick-past-boundary",
                2 => "tok-12/expired-an-hour-ago",
                _ => "tok-12/expired-past-margin",
            },
            TokenFlavor.ExpiredAtBoundary => exactClock ? "tok-12/expired-at-boundary" : Name(TokenFlavor.Expired, variant, exactClock, symmetricKey, audience),
            TokenFlavor.ValidOneTickBeforeExpiry => exactClock ? "tok-12/valid-one-tick-before-boundary" : null,
            TokenFlavor.NotYetValidNbf => exactClock ? "tok-13/nbf-one-tick-after-boundary" : "tok-13/nbf-past-margin",
            TokenFlavor.NotYetValidIat => exactClock ? "tok-13/iat-one-tick-after-boundary" : "tok-13/iat-past-margin",
            TokenFlavor.NbfAtBoundary => exactClock ? "tok-13/nbf-at-boundary" : null,
            TokenFlavor.UnknownIssuer => "tok-6/issuer-unknown",
            TokenFlavor.WrongAudience => audience ? "tok-7/audience-wrong" : "tok-7/audience-ignored",
            TokenFlavor.AudienceArray => audience ? "tok-7/audience-in-array" : "tok-7/audience-array-ignored",
            TokenFlavor.BadSignature => "tok-5/tampered-signature",
            TokenFlavor.AlgNone => AlgNone[v % AlgNone.Length],
            TokenFlavor.KeyConfusion => symmetricKey ? "tok-3/secret-with-public-key-alg" : Confusion[v % Confusion.Length],
            TokenFlavor.UnknownKid => "tok-4/unknown-kid",
            TokenFlavor.OverLongLifetime => "tok-11/lifetime-max-plus-tick",
            TokenFlavor.LifetimeAtMax => "tok-11/lifetime-at-max",
            TokenFlavor.ExpNotAfterIat => "tok-11/exp-equals-iat",
            TokenFlavor.Oversized => "tok-2/one-over-limit",
            TokenFlavor.SizeAtLimit => "tok-2/at-limit",
            TokenFlavor.Malformed => Malformed[v % Malformed.Length],
            TokenFlavor.SubjectTooLong => "tok-8/subject-129-characters",
            TokenFlavor.ExpNotNumber => "tok-8/exp-string",
            TokenFlavor.RolesNotArray => "tok-9/roles-string",
            TokenFlavor.WrongTokenType => v % 2 == 0 ? "tok-10/token-type-service" : "tok-10/camel-token-type-admin",
            TokenFlavor.UserTokenType => v % 2 == 0 ? "tok-10/token-type-user" : "tok-10/camel-token-type-user",
            _ => throw new ArgumentOutOfRangeException(nameof(flavor), flavor, "A flavor without an attack."),
        };
    }
}
