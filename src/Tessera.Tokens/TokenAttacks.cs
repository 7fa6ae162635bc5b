using System.Text;

namespace Tessera.Tokens;

/// <summary>
/// The token cases every conforming server must answer the same way: one good
/// baseline, each TOK rule broken on its own, the exact time boundaries of
/// TOK-11 to TOK-13, and the ERR-4 precedence between them. Data, not code:
/// the conformance suite and the reference server's tests run the same list.
/// </summary>
/// <remarks>
/// Every case other than the one rule it breaks is a good token, signed by the
/// trusted key, so a server that answers it right cannot be right by accident.
/// Cases that must be accepted are minted by <see cref="TokenMinter.MintValid"/>
/// (IdentityModel's JsonWebTokenHandler where the token has whole-second
/// dates), the others by hand.
/// Cases that depend on a choice the spec leaves open (which algorithms a key
/// without <c>alg</c> allows) are not here. Draft 2 closed three such choices,
/// which are: non-canonical base64url and a three-segment token with <c>enc</c>
/// are refused (TOK-1), and <c>sub</c> is counted in Unicode scalar values (TOK-8).
/// </remarks>
public static class TokenAttacks
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>All cases for <paramref name="context"/>, in a stable order with unique names.</summary>
    public static IReadOnlyList<TokenCase> Build(TokenAttackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cases = new List<TokenCase>();
        var key = context.Key;
        var good = BaseSpec(context);
        var goodToken = TokenMinter.MintValid(good, key);

        void Add(string name, string requirement, string token, string? reason) =>
            cases.Add(new TokenCase(name, requirement, token, reason));

        Add("valid/baseline", "TOK-1", goodToken, null);

        AddStructure(context, good, goodToken, Add);
        AddSize(context, good, Add);
        AddAlgorithms(context, good, goodToken, Add);
        AddKeyIds(context, good, Add);
        AddSignatures(context, good, goodToken, Add);
        AddClaims(context, good, Add);
        AddTimes(context, good, Add);
        return cases;
    }

    /// <summary>
    /// The claims of the baseline token: iss, sub, roles, aud when the server
    /// has one, <c>iat</c> = now and <c>exp</c> = now + min(1 h, max lifetime).
    /// </summary>
    public static TokenSpec BaseSpec(TokenAttackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = TokenSpec.ForUser(context.Issuer, context.Subject, context.Now, Lifetime(context), context.Roles);
        return context.Audience is null ? spec : spec.WithAudience(context.Audience);
    }

    private static TimeSpan Lifetime(TokenAttackContext context) =>
        context.MaxTokenLifetime < TimeSpan.FromHours(1) ? context.MaxTokenLifetime : TimeSpan.FromHours(1);

    private static void AddStructure(TokenAttackContext context, TokenSpec good, string goodToken, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        var (header, payload, signature) = TokenMinter.Split(goodToken);
        var headerJson = TokenMinter.HeaderJson(good, key.Algorithm, key.KeyId);
        var payloadJson = TokenMinter.ObjectJson(good.Claims);
        const string Invalid = TokenCase.Invalid;

        add("tok-1/two-segments", "TOK-1", header + "." + payload, Invalid);
        add("tok-1/four-segments", "TOK-1", goodToken + "." + signature, Invalid);
        add("tok-1/jwe-five-segments", "TOK-1", TokenMinter.JweShaped(), Invalid);
        add("tok-1/padding", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.Padding), Invalid);
        add("tok-1/standard-alphabet", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.StandardAlphabet), Invalid);
        add("tok-1/invalid-character", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.InvalidCharacter), Invalid);
        add("tok-1/whitespace", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.Whitespace), Invalid);
        add("tok-1/impossible-length", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.ImpossibleLength), Invalid);
        // Draft 2: unused bits must be zero (RFC 4648 section 3.5), so a token has one spelling.
        add("tok-1/non-canonical-base64", "TOK-1", TokenMinter.MintMalformedEncoding(good, key, MalformedEncoding.NonCanonical), Invalid);
        add("tok-1/header-not-json", "TOK-1", TokenMinter.MintRaw("alg=" + key.Algorithm, payloadJson, key), Invalid);
        add("tok-1/header-array", "TOK-1", TokenMinter.MintRaw("[" + headerJson + "]", payloadJson, key), Invalid);
        add("tok-1/payload-not-json", "TOK-1", TokenMinter.MintRaw(headerJson, "sub=" + context.Subject, key), Invalid);
        add("tok-1/payload-array", "TOK-1", TokenMinter.MintRaw(headerJson, "[" + payloadJson + "]", key), Invalid);
        add("tok-1/payload-trailing-data", "TOK-1", TokenMinter.MintRaw(headerJson, payloadJson + "{}", key), Invalid);
        add("tok-1/payload-truncated", "TOK-1", TokenMinter.MintRaw(headerJson, payloadJson[..^1], key), Invalid);
        add("tok-1/payload-empty", "TOK-1", TokenMinter.SignSegments(header, "", key), Invalid);
        add("tok-1/duplicate-claim-same-value", "TOK-1",
            TokenMinter.Mint(good.WithDuplicateClaim("sub", TokenSpec.JsonString(context.Subject)), key), Invalid);
        add("tok-1/duplicate-claim-exp", "TOK-1",
            TokenMinter.Mint(good.WithDuplicateClaim("exp", NumericDate.ToJson(context.Now + TimeSpan.FromMinutes(1))), key), Invalid);

        // The same name spelled with an escape is the same member (RFC 8259 section 7).
        var escapedDuplicate = payloadJson[..^1] + ",\"s\\u0075b\":" + TokenSpec.JsonString("admin") + "}";
        add("tok-1/duplicate-claim-escaped", "TOK-1", TokenMinter.MintRaw(headerJson, escapedDuplicate, key), Invalid);
        // TOK-1 compares names in every object of a segment, nested ones too (draft 2).
        add("tok-1/duplicate-member-nested", "TOK-1", TokenMinter.Mint(good.WithRawClaim("ext", "{\"tier\":\"free\",\"tier\":\"paid\"}"), key), Invalid);
        add("tok-1/duplicate-header-alg", "TOK-1",
            TokenMinter.Mint(good.WithDuplicateHeader("alg", TokenSpec.JsonString(key.Algorithm)), key), Invalid);
        // Draft 2: enc makes a header a JWE's (RFC 7516 section 9), whatever the segment count.
        add("tok-1/jwe-header", "TOK-1", TokenMinter.Mint(good.WithHeader("enc", "A256GCM"), key), Invalid);
        add("tok-1/nested-jwt", "TOK-1",
            TokenMinter.MintRaw(TokenMinter.HeaderJson(good.WithHeader("cty", "JWT"), key.Algorithm, key.KeyId), goodToken, key), Invalid);

        // RFC 7515 section 4.1.11: an extension listed in crit that the
        // recipient does not understand makes the JWS invalid.
        add("tok-1/unknown-critical-header", "TOK-1",
            TokenMinter.Mint(good.WithRawHeader("crit", "[\"tessera-unknown\"]").WithRawHeader("tessera-unknown", "true"), key), Invalid);
        if (key.KeyId is not null)
        {
            add("tok-1/duplicate-header-kid", "TOK-1",
                TokenMinter.Mint(good.WithDuplicateHeader("kid", TokenSpec.JsonString(key.KeyId)), key), Invalid);
        }
    }

    private static void AddSize(TokenAttackContext context, TokenSpec good, Action<string, string, string, string?> add)
    {
        AddOfLength("tok-2/at-limit", context.MaxTokenBytes, null);
        AddOfLength("tok-2/one-over-limit", context.MaxTokenBytes + 1, TokenCase.Invalid);
        AddOfLength("tok-2/far-over-limit", context.MaxTokenBytes * 8, TokenCase.Invalid);

        // TOK-2 allows a limit below the plain good token (a small one, or a
        // nonsense 0 a server reports): a length no token reaches is no case.
        void AddOfLength(string name, int length, string? expected)
        {
            string token;
            try
            {
                token = TokenMinter.MintWithLength(good, context.Key, length);
            }
            catch (ArgumentOutOfRangeException)
            {
                return;
            }

            add(name, "TOK-2", token, expected);
        }
    }

    private static void AddAlgorithms(TokenAttackContext context, TokenSpec good, string goodToken, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        var signature = TokenMinter.Split(goodToken).Signature;
        const string Invalid = TokenCase.Invalid;

        add("tok-3/alg-none", "TOK-3", TokenMinter.Unsigned(good), Invalid);
        add("tok-3/alg-none-uppercase", "TOK-3", TokenMinter.Unsigned(good, "NONE"), Invalid);
        add("tok-3/alg-none-mixed-case", "TOK-3", TokenMinter.Unsigned(good, "nOnE"), Invalid);
        add("tok-3/alg-none-with-signature", "TOK-3", TokenMinter.Unsigned(good, "none", signature), Invalid);
        if (key.KeyId is not null)
        {
            add("tok-3/alg-none-with-kid", "TOK-3", TokenMinter.Unsigned(good.WithHeader("kid", key.KeyId)), Invalid);
        }

        add("tok-3/alg-lowercase", "TOK-3", TokenMinter.Mint(good.WithHeader("alg", key.Algorithm.ToLowerInvariant()), key), Invalid);
        add("tok-3/alg-unknown", "TOK-3", TokenMinter.Mint(good.WithHeader("alg", "HS1024"), key), Invalid);
        add("tok-3/alg-missing", "TOK-3", TokenMinter.Mint(good.WithoutHeader("alg"), key), Invalid);
        add("tok-3/alg-not-string", "TOK-3", TokenMinter.Mint(good.WithRawHeader("alg", "256"), key), Invalid);

        if (key.IsSymmetric)
        {
            // A shared secret never verifies a public-key algorithm, whatever the signature.
            add("tok-3/secret-with-public-key-alg", "TOK-3", TokenMinter.Mint(good.WithHeader("alg", JwsAlgorithms.RS256), key), Invalid);
        }

        var publicKey = context.PublicKey ?? (key.IsSymmetric ? null : key);
        if (publicKey is not null)
        {
            var confusionSpec = good;
            add("tok-3/confusion-hs256-pem", "TOK-3", TokenMinter.HmacWithPublicKey(confusionSpec, publicKey, PublicKeyFormat.Pem), Invalid);
            add("tok-3/confusion-hs256-spki", "TOK-3", TokenMinter.HmacWithPublicKey(confusionSpec, publicKey, PublicKeyFormat.SubjectPublicKeyInfo), Invalid);
            add("tok-3/confusion-hs256-jwk", "TOK-3", TokenMinter.HmacWithPublicKey(confusionSpec, publicKey, PublicKeyFormat.Jwk), Invalid);
            add("tok-3/confusion-hs256-raw", "TOK-3", TokenMinter.HmacWithPublicKey(confusionSpec, publicKey, PublicKeyFormat.Raw), Invalid);
            add("tok-3/confusion-hs512-pem", "TOK-3", TokenMinter.HmacWithPublicKey(confusionSpec, publicKey, PublicKeyFormat.Pem, JwsAlgorithms.HS512), Invalid);
        }
    }

    private static void AddKeyIds(TokenAttackContext context, TokenSpec good, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        const string Invalid = TokenCase.Invalid;
        add("tok-4/unknown-kid", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", "tessera-unknown-kid"), key), Invalid);
        add("tok-4/url-kid", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", "http://127.0.0.1:9/jwks.json"), key), Invalid);
        add("tok-4/sql-kid", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", "' OR '1'='1"), key), Invalid);
        add("tok-4/kid-not-string", "TOK-4", TokenMinter.Mint(good.WithRawHeader("kid", "1"), key), Invalid);

        // The classic path attack: kid names /dev/null and the token is an
        // HMAC keyed with its (empty) contents.
        using (var empty = MintingKey.Hmac("../../dev/null", ReadOnlySpan<byte>.Empty))
        {
            add("tok-4/path-kid-empty-secret", "TOK-4", TokenMinter.Mint(good, empty), Invalid);
        }

        add("tok-4/path-kid", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", "../../dev/null"), key), Invalid);
        add("tok-4/absolute-path-kid", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", "/dev/null"), key), Invalid);
        if (key.KeyId is null)
        {
            return;
        }

        add("tok-4/kid-prefix", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", key.KeyId + "x"), key), Invalid);
        add("tok-4/kid-trailing-space", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", key.KeyId + " "), key), Invalid);
        add("tok-4/kid-trailing-nul", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", key.KeyId + "\0"), key), Invalid);
        if (key.KeyId.Length > 0)
        {
            add("tok-4/kid-truncated", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", key.KeyId[..^1]), key), Invalid);
        }

        var otherCase = key.KeyId.ToUpperInvariant() != key.KeyId ? key.KeyId.ToUpperInvariant() : key.KeyId.ToLowerInvariant();
        if (otherCase != key.KeyId)
        {
            add("tok-4/kid-other-case", "TOK-4", TokenMinter.Mint(good.WithHeader("kid", otherCase), key), Invalid);
        }
    }

    private static void AddSignatures(TokenAttackContext context, TokenSpec good, string goodToken, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        var (header, payload, _) = TokenMinter.Split(goodToken);
        const string Invalid = TokenCase.Invalid;
        add("tok-5/tampered-signature", "TOK-5", TokenMinter.TamperSignature(goodToken), Invalid);
        add("tok-5/tampered-payload", "TOK-5", TokenMinter.ReplacePayload(goodToken, good.WithSubject(context.Subject + "-admin")), Invalid);
        add("tok-5/empty-signature", "TOK-5", header + "." + payload + ".", Invalid);
        add("tok-5/truncated-signature", "TOK-5", goodToken[..^4], Invalid);
        using var stranger = MintingKey.Generate(key.Algorithm, key.KeyId);
        add("tok-5/signed-by-untrusted-key", "TOK-5", TokenMinter.Mint(good, stranger), Invalid);
    }

    private static void AddClaims(TokenAttackContext context, TokenSpec good, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        const string Invalid = TokenCase.Invalid;
        string Mint(TokenSpec spec) => TokenMinter.Mint(spec, key);
        string Valid(TokenSpec spec) => TokenMinter.MintValid(spec, key);

        add("tok-6/issuer-missing", "TOK-6", Mint(good.WithoutClaim("iss")), Invalid);
        add("tok-6/issuer-unknown", "TOK-6", Mint(good.WithIssuer("tessera-unknown-issuer")), Invalid);
        add("tok-6/issuer-not-string", "TOK-6", Mint(good.WithRawClaim("iss", "7")), Invalid);
        add("tok-6/issuer-array", "TOK-6", Mint(good.WithClaim("iss", [context.Issuer])), Invalid);
        add("tok-6/issuer-trailing-space", "TOK-6", Mint(good.WithIssuer(context.Issuer + " ")), Invalid);
        if (context.Issuer.ToUpperInvariant() != context.Issuer)
        {
            add("tok-6/issuer-other-case", "TOK-6", Mint(good.WithIssuer(context.Issuer.ToUpperInvariant())), Invalid);
        }

        if (context.Audience is { } audience)
        {
            add("tok-7/audience-missing", "TOK-7", Mint(good.WithoutClaim("aud")), Invalid);
            add("tok-7/audience-wrong", "TOK-7", Mint(good.WithAudience(audience + "-other")), Invalid);
            add("tok-7/audience-array-without", "TOK-7", Mint(good.WithAudiences("tessera-other", audience + "-other")), Invalid);
            add("tok-7/audience-not-string", "TOK-7", Mint(good.WithRawClaim("aud", "1")), Invalid);
            add("tok-7/audience-array-with-number", "TOK-7", Mint(good.WithRawClaim("aud", "[1," + TokenSpec.JsonString(audience) + "]")), Invalid);
            add("tok-7/audience-in-array", "TOK-7", Valid(good.WithAudiences("tessera-other", audience)), null);
        }
        else
        {
            add("tok-7/audience-ignored", "TOK-7", Valid(good.WithAudience("tessera-anything")), null);
        }

        add("tok-8/subject-missing", "TOK-8", Mint(good.WithoutClaim("sub")), Invalid);
        add("tok-8/subject-empty", "TOK-8", Mint(good.WithSubject("")), Invalid);
        add("tok-8/subject-not-string", "TOK-8", Mint(good.WithRawClaim("sub", "42")), Invalid);
        add("tok-8/subject-null", "TOK-8", Mint(good.WithRawClaim("sub", "null")), Invalid);
        add("tok-8/subject-129-characters", "TOK-8", Mint(good.WithSubject(new string('s', 129))), Invalid);
        add("tok-8/subject-128-characters", "TOK-8", Valid(good.WithSubject(new string('s', 128))), null);
        // Draft 2 counts scalar values: 128 of them with astral ones are 136 UTF-16
        // units (accepted); 129 of them as 65 user-perceived characters (refused).
        add("tok-8/subject-128-scalar-values-astral", "TOK-8", Valid(good.WithSubject(new string('s', 120) + string.Concat(Enumerable.Repeat("\U0001F600", 8)))), null);
        add("tok-8/subject-129-scalar-values-combining", "TOK-8", Mint(good.WithSubject("s" + string.Concat(Enumerable.Repeat("e\u0301", 64)))), Invalid);
        add("tok-8/exp-missing", "TOK-8", Mint(good.WithoutClaim("exp")), Invalid);
        add("tok-8/exp-string", "TOK-8", Mint(good.WithClaim("exp", NumericDate.ToJson(context.Now + TimeSpan.FromMinutes(5)))), Invalid);
        add("tok-8/exp-null", "TOK-8", Mint(good.WithRawClaim("exp", "null")), Invalid);
        add("tok-8/exp-boolean", "TOK-8", Mint(good.WithRawClaim("exp", "true")), Invalid);
        add("tok-8/iat-missing", "TOK-8", Mint(good.WithoutClaim("iat")), Invalid);
        add("tok-8/iat-string", "TOK-8", Mint(good.WithClaim("iat", NumericDate.ToJson(context.Now))), Invalid);
        add("tok-8/nbf-string", "TOK-8", Mint(good.WithClaim("nbf", NumericDate.ToJson(context.Now))), Invalid);
        add("tok-8/nbf-null", "TOK-8", Mint(good.WithRawClaim("nbf", "null")), Invalid);
        add("tok-8/exp-fraction", "TOK-8", Mint(good.WithRawClaim("exp", NumericDate.ToJson(context.Now + Lifetime(context) - TimeSpan.FromSeconds(0.5)))), null);
        add("tok-8/exp-exponent", "TOK-8", Mint(good.WithRawClaim("exp", ExponentForm(context.Now + Lifetime(context) - TimeSpan.FromSeconds(10)))), null);

        add("tok-9/roles-string", "TOK-9", Mint(good.WithClaim("roles", "member")), Invalid);
        add("tok-9/roles-object", "TOK-9", Mint(good.WithRawClaim("roles", "{\"member\":true}")), Invalid);
        add("tok-9/roles-with-number", "TOK-9", Mint(good.WithRawClaim("roles", "[\"member\",1]")), Invalid);
        add("tok-9/roles-null", "TOK-9", Mint(good.WithRawClaim("roles", "null")), Invalid);
        add("tok-9/roles-nested-array", "TOK-9", Mint(good.WithRawClaim("roles", "[[\"member\"]]")), Invalid);
        add("tok-9/roles-absent", "TOK-9", Valid(good.WithoutClaim("roles")), null);
        add("tok-9/roles-unordered-repeated", "TOK-9", Valid(good.WithRoles("writer", "member", "writer")), null);

        add("tok-10/token-type-service", "TOK-10", Mint(good.WithTokenType("service")), Invalid);
        add("tok-10/token-type-other-case", "TOK-10", Mint(good.WithTokenType("User")), Invalid);
        add("tok-10/token-type-not-string", "TOK-10", Mint(good.WithRawClaim("token_type", "1")), Invalid);
        add("tok-10/camel-token-type-admin", "TOK-10", Mint(good.WithClaim("tokenType", "admin")), Invalid);
        add("tok-10/token-type-user", "TOK-10", Valid(good.WithTokenType("user")), null);
        add("tok-10/camel-token-type-user", "TOK-10", Valid(good.WithClaim("tokenType", "user")), null);
    }

    private static void AddTimes(TokenAttackContext context, TokenSpec good, Action<string, string, string, string?> add)
    {
        var key = context.Key;
        var now = context.Now;
        var leeway = context.Leeway;
        var lifetime = Lifetime(context);
        string Mint(TokenSpec spec) => TokenMinter.Mint(spec, key);
        string Valid(TokenSpec spec) => TokenMinter.MintValid(spec, key);
        TokenSpec Window(DateTimeOffset issuedAt, DateTimeOffset expiresAt) => good.WithIssuedAt(issuedAt).WithExpiresAt(expiresAt);

        // TOK-11: the lifetime bounds, placed around now so no time rule interferes.
        var maxStart = now - TimeSpan.FromTicks(context.MaxTokenLifetime.Ticks / 2);
        add("tok-11/exp-equals-iat", "TOK-11", Mint(Window(now, now)), TokenCase.Invalid);
        add("tok-11/exp-before-iat", "TOK-11", Mint(Window(now, now - TimeSpan.FromSeconds(1))), TokenCase.Invalid);
        add("tok-11/lifetime-at-max", "TOK-11", Valid(Window(maxStart, maxStart + context.MaxTokenLifetime)), null);
        add("tok-11/lifetime-max-plus-tick", "TOK-11", Mint(Window(maxStart, maxStart + context.MaxTokenLifetime + Tick)), TokenCase.Invalid);

        // TOK-12: expired exactly when now >= exp + leeway. A tick is a
        // fraction of a second, which only the hand minter writes.
        var expiredAt = now - leeway;
        add("tok-12/expired-at-boundary", "TOK-12", Mint(Window(expiredAt - lifetime, expiredAt)), TokenCase.Expired);
        add("tok-12/valid-one-tick-before-boundary", "TOK-12", Mint(Window(expiredAt + Tick - lifetime, expiredAt + Tick)), null);
        add("tok-12/expired-long-ago", "TOK-12", Mint(Window(now - TimeSpan.FromDays(2), now - TimeSpan.FromDays(2) + lifetime)), TokenCase.Expired);

        // TOK-13: not yet valid exactly when nbf or iat > now + leeway.
        var validFrom = now + leeway;
        add("tok-13/nbf-one-tick-after-boundary", "TOK-13", Mint(good.WithNotBefore(validFrom + Tick)), TokenCase.NotYetValid);
        add("tok-13/nbf-at-boundary", "TOK-13", Valid(good.WithNotBefore(validFrom)), null);
        add("tok-13/iat-one-tick-after-boundary", "TOK-13", Mint(Window(validFrom + Tick, validFrom + Tick + lifetime)), TokenCase.NotYetValid);
        add("tok-13/iat-at-boundary", "TOK-13", Valid(Window(validFrom, validFrom + lifetime)), null);

        // ERR-4: TOKEN_INVALID before TOKEN_EXPIRED before TOKEN_NOT_YET_VALID.
        var expired = Window(expiredAt - lifetime, expiredAt);
        add("err-4/expired-and-unknown-issuer", "ERR-4", Mint(expired.WithIssuer("tessera-unknown-issuer")), TokenCase.Invalid);
        add("err-4/expired-and-tampered", "ERR-4", TokenMinter.TamperSignature(Mint(expired)), TokenCase.Invalid);
        add("err-4/expired-and-roles-string", "ERR-4", Mint(expired.WithClaim("roles", "member")), TokenCase.Invalid);
        add("err-4/expired-and-not-yet-valid", "ERR-4", Mint(expired.WithNotBefore(now + leeway + TimeSpan.FromHours(1))), TokenCase.Expired);
        var future = Window(validFrom + Tick, validFrom + Tick + lifetime);
        add("err-4/not-yet-valid-and-wrong-token-type", "ERR-4", Mint(future.WithTokenType("service")), TokenCase.Invalid);
        add("err-4/not-yet-valid-and-too-long", "ERR-4", Mint(future.WithExpiresAt(validFrom + Tick + context.MaxTokenLifetime + TimeSpan.FromSeconds(1))), TokenCase.Invalid);
    }

    // "1.7e9"-style text for whole seconds: still a JSON number (TOK-8).
    private static string ExponentForm(DateTimeOffset instant)
    {
        var digits = instant.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append(digits[0]).Append('.').Append(digits.AsSpan(1)).Append('e').Append(digits.Length - 1);
        return builder.ToString();
    }
}
