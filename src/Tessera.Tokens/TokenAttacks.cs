using System.Text;
using Tessera.Protocol;

namespace Tessera.Tokens;

/// <summary>
/// The one catalog of bad and boundary tokens: one good baseline, each TOK rule
/// broken on its own, the exact time boundaries of TOK-11 to TOK-13, and the
/// ERR-4 precedence between them. The conformance suite (its fixed token cases
/// and its generated sequences), the reference server's tests and the mutants
/// it catches all mint from here; nothing else writes an expired, alg-none,
/// key-confusion, oversized or malformed token.
/// </summary>
/// <remarks>
/// Every attack changes one thing of a good token signed by the trusted key,
/// so a server that answers it right cannot be right by accident. Attacks a
/// server must accept are minted by <see cref="TokenMinter.MintValid"/>
/// (IdentityModel's JsonWebTokenHandler where the token has whole-second
/// dates), the others by hand.
/// Attacks that depend on a choice the spec leaves open (which algorithms a key
/// without <c>alg</c> allows) are not here. Draft 2 closed three such choices,
/// which are: non-canonical base64url and a three-segment token with <c>enc</c>
/// are refused (TOK-1), and <c>sub</c> is counted in Unicode scalar values (TOK-8).
/// </remarks>
public static class TokenAttacks
{
    /// <summary>An issuer no target is configured with (TOK-6).</summary>
    public const string UnknownIssuer = "tessera-unknown-issuer";

    private const string Invalid = TokenCase.Invalid;
    private const string Expired = TokenCase.Expired;
    private const string NotYetValid = TokenCase.NotYetValid;
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>Every attack, in a stable order with unique names, whatever the target.</summary>
    public static IReadOnlyList<TokenAttack> All { get; } =
    [
        Valid("valid/baseline", Req.TOK_1, (_, good) => good),
        .. Structure(), .. Size(), .. Algorithms(), .. KeyIds(), .. Signatures(), .. Claims(), .. Times(),
    ];

    private static readonly Dictionary<string, TokenAttack> ByName = All.ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The attack called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No attack has that name.</exception>
    public static TokenAttack Named(string name) =>
        ByName.TryGetValue(name, out var attack) ? attack : throw new KeyNotFoundException($"No token attack is called \"{name}\".");

    /// <summary>Every attack that applies to <paramref name="context"/>, minted on its baseline claims, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<TokenCase> Build(TokenAttackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var good = BaseSpec(context);
        var cases = new List<TokenCase>(All.Count);
        foreach (var attack in All)
        {
            try
            {
                cases.Add(attack.Mint(context, good));
            }
            catch (TokenAttackNotApplicableException)
            {
                // Not for this target (no kid, no audience, a size no token reaches).
            }
        }

        return cases;
    }

    /// <summary>
    /// The claims of the baseline token: iss, sub, roles, aud when the server
    /// has one, <c>iat</c> = now and <c>exp</c> = now + min(1 h, max lifetime).
    /// </summary>
    public static TokenSpec BaseSpec(TokenAttackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lifetime = context.MaxTokenLifetime < TimeSpan.FromHours(1) ? context.MaxTokenLifetime : TimeSpan.FromHours(1);
        var spec = TokenSpec.ForUser(context.Issuer, context.Subject, context.Now, lifetime, context.Roles);
        return context.Audience is null ? spec : spec.WithAudience(context.Audience);
    }

    private static TokenAttack Hand(string name, string requirement, string? expected, Func<TokenAttackContext, TokenSpec, TokenSpec> shape) =>
        new(name, requirement, expected, (c, good) => TokenMinter.Mint(shape(c, good), c.Key));

    private static TokenAttack Valid(string name, string requirement, Func<TokenAttackContext, TokenSpec, TokenSpec> shape) =>
        new(name, requirement, null, (c, good) => TokenMinter.MintValid(shape(c, good), c.Key));

    private static TokenAttack Raw(string name, string requirement, Func<TokenAttackContext, TokenSpec, string> mint) =>
        new(name, requirement, Invalid, mint);

    private static string? NeedsKeyId(TokenAttackContext c) => c.Key.KeyId is null ? "the target's key has no kid" : null;

    private static string GoodToken(TokenAttackContext c, TokenSpec good) => TokenMinter.MintValid(good, c.Key);

    private static string HeaderJson(TokenAttackContext c, TokenSpec good) => TokenMinter.HeaderJson(good, c.Key.Algorithm, c.Key.KeyId);

    private static string PayloadJson(TokenSpec good) => TokenMinter.ObjectJson(good.Claims);

    private static IEnumerable<TokenAttack> Structure()
    {
        TokenAttack Encoding(string name, MalformedEncoding kind) =>
            Raw(name, Req.TOK_1, (c, good) => TokenMinter.MintMalformedEncoding(good, c.Key, kind));

        yield return Raw("tok-1/two-segments", Req.TOK_1, (c, good) =>
        {
            var (header, payload, _) = TokenMinter.Split(GoodToken(c, good));
            return header + "." + payload;
        });
        yield return Raw("tok-1/four-segments", Req.TOK_1, (c, good) =>
        {
            var token = GoodToken(c, good);
            return token + "." + TokenMinter.Split(token).Signature;
        });
        yield return Raw("tok-1/jwe-five-segments", Req.TOK_1, (_, _) => TokenMinter.JweShaped());
        yield return Encoding("tok-1/padding", MalformedEncoding.Padding);
        yield return Encoding("tok-1/standard-alphabet", MalformedEncoding.StandardAlphabet);
        yield return Encoding("tok-1/invalid-character", MalformedEncoding.InvalidCharacter);
        yield return Encoding("tok-1/whitespace", MalformedEncoding.Whitespace);
        yield return Encoding("tok-1/impossible-length", MalformedEncoding.ImpossibleLength);
        // Draft 2: unused bits must be zero (RFC 4648 section 3.5), so a token has one spelling.
        yield return Encoding("tok-1/non-canonical-base64", MalformedEncoding.NonCanonical);
        yield return Raw("tok-1/header-not-json", Req.TOK_1, (c, good) => TokenMinter.MintRaw("alg=" + c.Key.Algorithm, PayloadJson(good), c.Key));
        yield return Raw("tok-1/header-array", Req.TOK_1, (c, good) => TokenMinter.MintRaw("[" + HeaderJson(c, good) + "]", PayloadJson(good), c.Key));
        yield return Raw("tok-1/payload-not-json", Req.TOK_1, (c, good) => TokenMinter.MintRaw(HeaderJson(c, good), "sub=" + c.Subject, c.Key));
        yield return Raw("tok-1/payload-array", Req.TOK_1, (c, good) => TokenMinter.MintRaw(HeaderJson(c, good), "[" + PayloadJson(good) + "]", c.Key));
        yield return Raw("tok-1/payload-trailing-data", Req.TOK_1, (c, good) => TokenMinter.MintRaw(HeaderJson(c, good), PayloadJson(good) + "{}", c.Key));
        yield return Raw("tok-1/payload-truncated", Req.TOK_1, (c, good) => TokenMinter.MintRaw(HeaderJson(c, good), PayloadJson(good)[..^1], c.Key));
        yield return Raw("tok-1/payload-empty", Req.TOK_1, (c, good) => TokenMinter.SignSegments(TokenMinter.Split(GoodToken(c, good)).Header, "", c.Key));
        yield return Hand("tok-1/duplicate-claim-same-value", Req.TOK_1, Invalid, (c, good) => good.WithDuplicateClaim("sub", good.FindClaim("sub") ?? TokenSpec.JsonString(c.Subject)));
        yield return Hand("tok-1/duplicate-claim-exp", Req.TOK_1, Invalid, (c, good) => good.WithDuplicateClaim("exp", NumericDate.ToJson(c.Now + TimeSpan.FromMinutes(1))));
        // The same name spelled with an escape is the same member (RFC 8259 section 7).
        yield return Raw("tok-1/duplicate-claim-escaped", Req.TOK_1, (c, good) =>
            TokenMinter.MintRaw(HeaderJson(c, good), PayloadJson(good)[..^1] + ",\"s\\u0075b\":" + TokenSpec.JsonString("admin") + "}", c.Key));
        // TOK-1 compares names in every object of a segment, nested ones too (draft 2).
        yield return Hand("tok-1/duplicate-member-nested", Req.TOK_1, Invalid, (_, good) => good.WithRawClaim("ext", "{\"tier\":\"free\",\"tier\":\"paid\"}"));
        yield return Hand("tok-1/duplicate-header-alg", Req.TOK_1, Invalid, (c, good) => good.WithDuplicateHeader("alg", TokenSpec.JsonString(c.Key.Algorithm)));
        // Draft 2: enc makes a header a JWE's (RFC 7516 section 9), whatever the segment count.
        yield return Hand("tok-1/jwe-header", Req.TOK_1, Invalid, (_, good) => good.WithHeader("enc", "A256GCM"));
        yield return Raw("tok-1/nested-jwt", Req.TOK_1, (c, good) =>
            TokenMinter.MintRaw(TokenMinter.HeaderJson(good.WithHeader("cty", "JWT"), c.Key.Algorithm, c.Key.KeyId), GoodToken(c, good), c.Key));
        // RFC 7515 section 4.1.11: an extension listed in crit that the
        // recipient does not understand makes the JWS invalid.
        yield return Hand("tok-1/unknown-critical-header", Req.TOK_1, Invalid, (_, good) =>
            good.WithRawHeader("crit", "[\"tessera-unknown\"]").WithRawHeader("tessera-unknown", "true"));
        yield return Hand("tok-1/duplicate-header-kid", Req.TOK_1, Invalid, (c, good) => good.WithDuplicateHeader("kid", TokenSpec.JsonString(c.Key.KeyId!)))
            with { Requires = NeedsKeyId };
    }

    private static IEnumerable<TokenAttack> Size()
    {
        // TOK-2 allows a limit below the plain good token (a small one, or a
        // nonsense 0 a server reports): a length no token reaches is no attack.
        TokenAttack OfLength(string name, Func<int, int> length, string? expected) => new(name, Req.TOK_2, expected, (c, good) =>
        {
            try
            {
                return TokenMinter.MintWithLength(good, c.Key, length(c.MaxTokenBytes));
            }
            catch (ArgumentOutOfRangeException)
            {
                throw new TokenAttackNotApplicableException(name,
                    $"a token of {length(c.MaxTokenBytes)} bytes cannot be made: the smallest token is longer (max_token_bytes = {c.MaxTokenBytes})");
            }
        });

        yield return OfLength("tok-2/at-limit", max => max, null);
        yield return OfLength("tok-2/one-over-limit", max => max + 1, Invalid);
        yield return OfLength("tok-2/far-over-limit", max => max * 8, Invalid);
    }

    private static IEnumerable<TokenAttack> Algorithms()
    {
        yield return Raw("tok-3/alg-none", Req.TOK_3, (_, good) => TokenMinter.Unsigned(good));
        yield return Raw("tok-3/alg-none-capitalized", Req.TOK_3, (_, good) => TokenMinter.Unsigned(good, "None"));
        yield return Raw("tok-3/alg-none-uppercase", Req.TOK_3, (_, good) => TokenMinter.Unsigned(good, "NONE"));
        yield return Raw("tok-3/alg-none-mixed-case", Req.TOK_3, (_, good) => TokenMinter.Unsigned(good, "nOnE"));
        yield return Raw("tok-3/alg-none-with-signature", Req.TOK_3, (c, good) => TokenMinter.Unsigned(good, "none", TokenMinter.Split(GoodToken(c, good)).Signature));
        yield return Raw("tok-3/alg-none-with-kid", Req.TOK_3, (c, good) => TokenMinter.Unsigned(good.WithHeader("kid", c.Key.KeyId!))) with { Requires = NeedsKeyId };
        yield return Hand("tok-3/alg-lowercase", Req.TOK_3, Invalid, (c, good) => good.WithHeader("alg", c.Key.Algorithm.ToLowerInvariant()));
        yield return Hand("tok-3/alg-unknown", Req.TOK_3, Invalid, (_, good) => good.WithHeader("alg", "HS1024"));
        yield return Hand("tok-3/alg-missing", Req.TOK_3, Invalid, (_, good) => good.WithoutHeader("alg"));
        yield return Hand("tok-3/alg-not-string", Req.TOK_3, Invalid, (_, good) => good.WithRawHeader("alg", "256"));
        // A shared secret never verifies a public-key algorithm, whatever the signature.
        yield return Hand("tok-3/secret-with-public-key-alg", Req.TOK_3, Invalid, (_, good) => good.WithHeader("alg", JwsAlgorithms.RS256))
            with { Requires = c => c.Key.IsSymmetric ? null : "the target's key is not a shared secret" };

        TokenAttack Confusion(string name, PublicKeyFormat format, string algorithm = JwsAlgorithms.HS256) =>
            Raw(name, Req.TOK_3, (c, good) => TokenMinter.HmacWithPublicKey(good, PublicKeyOf(c)!, format, algorithm))
                with { Requires = c => PublicKeyOf(c) is null ? "the target trusts no public key the suite knows" : null };

        yield return Confusion("tok-3/confusion-hs256-pem", PublicKeyFormat.Pem);
        yield return Confusion("tok-3/confusion-hs256-spki", PublicKeyFormat.SubjectPublicKeyInfo);
        yield return Confusion("tok-3/confusion-hs256-jwk", PublicKeyFormat.Jwk);
        yield return Confusion("tok-3/confusion-hs256-raw", PublicKeyFormat.Raw);
        yield return Confusion("tok-3/confusion-hs512-pem", PublicKeyFormat.Pem, JwsAlgorithms.HS512);
    }

    private static MintingKey? PublicKeyOf(TokenAttackContext c) => c.PublicKey ?? (c.Key.IsSymmetric ? null : c.Key);

    private static IEnumerable<TokenAttack> KeyIds()
    {
        TokenAttack Kid(string name, Func<TokenAttackContext, string> kid) => Hand(name, Req.TOK_4, Invalid, (c, good) => good.WithHeader("kid", kid(c)));

        yield return Kid("tok-4/unknown-kid", _ => "tessera-unknown-kid");
        yield return Kid("tok-4/url-kid", _ => "http://127.0.0.1:9/jwks.json");
        yield return Kid("tok-4/sql-kid", _ => "' OR '1'='1");
        yield return Hand("tok-4/kid-not-string", Req.TOK_4, Invalid, (_, good) => good.WithRawHeader("kid", "1"));
        // The classic path attack: kid names /dev/null and the token is an
        // HMAC keyed with its (empty) contents.
        yield return Raw("tok-4/path-kid-empty-secret", Req.TOK_4, (_, good) =>
        {
            using var empty = MintingKey.Hmac("../../dev/null", ReadOnlySpan<byte>.Empty);
            return TokenMinter.Mint(good, empty);
        });
        yield return Kid("tok-4/path-kid", _ => "../../dev/null");
        yield return Kid("tok-4/absolute-path-kid", _ => "/dev/null");
        yield return Kid("tok-4/kid-prefix", c => c.Key.KeyId + "x") with { Requires = NeedsKeyId };
        yield return Kid("tok-4/kid-trailing-space", c => c.Key.KeyId + " ") with { Requires = NeedsKeyId };
        yield return Kid("tok-4/kid-trailing-nul", c => c.Key.KeyId + "\0") with { Requires = NeedsKeyId };
        yield return Kid("tok-4/kid-truncated", c => c.Key.KeyId![..^1])
            with { Requires = c => NeedsKeyId(c) ?? (c.Key.KeyId!.Length == 0 ? "the target's kid is empty" : null) };
        yield return Kid("tok-4/kid-other-case", c => OtherCase(c.Key.KeyId!)!)
            with { Requires = c => NeedsKeyId(c) ?? (OtherCase(c.Key.KeyId!) is null ? "the target's kid has no letter case to change" : null) };
    }

    private static string? OtherCase(string text)
    {
        var other = text.ToUpperInvariant() != text ? text.ToUpperInvariant() : text.ToLowerInvariant();
        return other == text ? null : other;
    }

    private static IEnumerable<TokenAttack> Signatures()
    {
        yield return Raw("tok-5/tampered-signature", Req.TOK_5, (c, good) => TokenMinter.TamperSignature(GoodToken(c, good)));
        yield return Raw("tok-5/tampered-payload", Req.TOK_5, (c, good) => TokenMinter.ReplacePayload(GoodToken(c, good), good.WithSubject(c.Subject + "-admin")));
        yield return Raw("tok-5/empty-signature", Req.TOK_5, (c, good) =>
        {
            var (header, payload, _) = TokenMinter.Split(GoodToken(c, good));
            return header + "." + payload + ".";
        });
        yield return Raw("tok-5/truncated-signature", Req.TOK_5, (c, good) => GoodToken(c, good)[..^4]);
        yield return Raw("tok-5/signed-by-untrusted-key", Req.TOK_5, (c, good) =>
        {
            using var stranger = MintingKey.Generate(c.Key.Algorithm, c.Key.KeyId);
            return TokenMinter.Mint(good, stranger);
        });
    }

    private static IEnumerable<TokenAttack> Claims()
    {
        TokenAttack Bad(string name, string requirement, Func<TokenAttackContext, TokenSpec, TokenSpec> shape) => Hand(name, requirement, Invalid, shape);
        string? NeedsAudience(TokenAttackContext c) => c.Audience is null ? "the target checks no audience" : null;
        string? NeedsNoAudience(TokenAttackContext c) => c.Audience is null ? null : "the target checks an audience";

        yield return Bad("tok-6/issuer-missing", Req.TOK_6, (_, good) => good.WithoutClaim("iss"));
        yield return Bad("tok-6/issuer-unknown", Req.TOK_6, (_, good) => good.WithIssuer(UnknownIssuer));
        yield return Bad("tok-6/issuer-not-string", Req.TOK_6, (_, good) => good.WithRawClaim("iss", "7"));
        yield return Bad("tok-6/issuer-array", Req.TOK_6, (c, good) => good.WithClaim("iss", [c.Issuer]));
        yield return Bad("tok-6/issuer-trailing-space", Req.TOK_6, (c, good) => good.WithIssuer(c.Issuer + " "));
        yield return Bad("tok-6/issuer-other-case", Req.TOK_6, (c, good) => good.WithIssuer(c.Issuer.ToUpperInvariant()))
            with { Requires = c => c.Issuer.ToUpperInvariant() != c.Issuer ? null : "the target's issuer has no lower-case letter" };

        yield return Bad("tok-7/audience-missing", Req.TOK_7, (_, good) => good.WithoutClaim("aud")) with { Requires = NeedsAudience };
        yield return Bad("tok-7/audience-wrong", Req.TOK_7, (c, good) => good.WithAudience(c.Audience + "-other")) with { Requires = NeedsAudience };
        yield return Bad("tok-7/audience-array-without", Req.TOK_7, (c, good) => good.WithAudiences("tessera-other", c.Audience + "-other")) with { Requires = NeedsAudience };
        yield return Bad("tok-7/audience-not-string", Req.TOK_7, (_, good) => good.WithRawClaim("aud", "1")) with { Requires = NeedsAudience };
        yield return Bad("tok-7/audience-array-with-number", Req.TOK_7, (c, good) => good.WithRawClaim("aud", "[1," + TokenSpec.JsonString(c.Audience!) + "]"))
            with { Requires = NeedsAudience };
        yield return Valid("tok-7/audience-in-array", Req.TOK_7, (c, good) => good.WithAudiences("tessera-other", c.Audience!)) with { Requires = NeedsAudience };
        yield return Valid("tok-7/audience-ignored", Req.TOK_7, (_, good) => good.WithAudience("tessera-anything")) with { Requires = NeedsNoAudience };
        yield return Valid("tok-7/audience-array-ignored", Req.TOK_7, (_, good) => good.WithAudiences("tessera-anything")) with { Requires = NeedsNoAudience };

        yield return Bad("tok-8/subject-missing", Req.TOK_8, (_, good) => good.WithoutClaim("sub"));
        yield return Bad("tok-8/subject-empty", Req.TOK_8, (_, good) => good.WithSubject(""));
        yield return Bad("tok-8/subject-not-string", Req.TOK_8, (_, good) => good.WithRawClaim("sub", "42"));
        yield return Bad("tok-8/subject-null", Req.TOK_8, (_, good) => good.WithRawClaim("sub", "null"));
        yield return Bad("tok-8/subject-129-characters", Req.TOK_8, (_, good) => good.WithSubject(new string('s', 129)));
        yield return Valid("tok-8/subject-128-characters", Req.TOK_8, (_, good) => good.WithSubject(new string('s', 128)));
        // Draft 2 counts scalar values: 128 of them with astral ones are 136 UTF-16
        // units (accepted); 129 of them as 65 user-perceived characters (refused).
        yield return Valid("tok-8/subject-128-scalar-values-astral", Req.TOK_8, (_, good) => good.WithSubject(new string('s', 120) + string.Concat(Enumerable.Repeat("\U0001F600", 8))));
        yield return Bad("tok-8/subject-129-scalar-values-combining", Req.TOK_8, (_, good) => good.WithSubject("s" + string.Concat(Enumerable.Repeat("e\u0301", 64))));
        yield return Bad("tok-8/exp-missing", Req.TOK_8, (_, good) => good.WithoutClaim("exp"));
        yield return Bad("tok-8/exp-string", Req.TOK_8, (_, good) => good.WithClaim("exp", good.FindClaim("exp") ?? "0"));
        yield return Bad("tok-8/exp-null", Req.TOK_8, (_, good) => good.WithRawClaim("exp", "null"));
        yield return Bad("tok-8/exp-boolean", Req.TOK_8, (_, good) => good.WithRawClaim("exp", "true"));
        yield return Bad("tok-8/iat-missing", Req.TOK_8, (_, good) => good.WithoutClaim("iat"));
        yield return Bad("tok-8/iat-string", Req.TOK_8, (c, good) => good.WithClaim("iat", NumericDate.ToJson(c.Now)));
        yield return Bad("tok-8/nbf-string", Req.TOK_8, (c, good) => good.WithClaim("nbf", NumericDate.ToJson(c.Now)));
        yield return Bad("tok-8/nbf-null", Req.TOK_8, (_, good) => good.WithRawClaim("nbf", "null"));
        yield return Hand("tok-8/exp-fraction", Req.TOK_8, null, (c, good) => good.WithRawClaim("exp", NumericDate.ToJson(ExpiresAt(good) - TimeSpan.FromSeconds(0.5))));
        yield return Hand("tok-8/exp-exponent", Req.TOK_8, null, (c, good) => good.WithRawClaim("exp", ExponentForm(ExpiresAt(good) - TimeSpan.FromSeconds(10))));

        yield return Bad("tok-9/roles-string", Req.TOK_9, (_, good) => good.WithClaim("roles", "member"));
        yield return Bad("tok-9/roles-object", Req.TOK_9, (_, good) => good.WithRawClaim("roles", "{\"member\":true}"));
        yield return Bad("tok-9/roles-with-number", Req.TOK_9, (_, good) => good.WithRawClaim("roles", "[\"member\",1]"));
        yield return Bad("tok-9/roles-null", Req.TOK_9, (_, good) => good.WithRawClaim("roles", "null"));
        yield return Bad("tok-9/roles-nested-array", Req.TOK_9, (_, good) => good.WithRawClaim("roles", "[[\"member\"]]"));
        yield return Valid("tok-9/roles-absent", Req.TOK_9, (_, good) => good.WithoutClaim("roles"));
        yield return Valid("tok-9/roles-unordered-repeated", Req.TOK_9, (_, good) => good.WithRoles("writer", "member", "writer"));

        yield return Bad("tok-10/token-type-service", Req.TOK_10, (_, good) => good.WithTokenType("service"));
        yield return Bad("tok-10/token-type-other-case", Req.TOK_10, (_, good) => good.WithTokenType("User"));
        yield return Bad("tok-10/token-type-not-string", Req.TOK_10, (_, good) => good.WithRawClaim("token_type", "1"));
        yield return Bad("tok-10/camel-token-type-admin", Req.TOK_10, (_, good) => good.WithClaim("tokenType", "admin"));
        yield return Valid("tok-10/token-type-user", Req.TOK_10, (_, good) => good.WithTokenType("user"));
        yield return Valid("tok-10/camel-token-type-user", Req.TOK_10, (_, good) => good.WithClaim("tokenType", "user"));
    }

    private static IEnumerable<TokenAttack> Times()
    {
        // A time attack moves the good token's window and keeps its lifetime,
        // so a generated sequence's token stays the one the sequence asked for.
        static TokenSpec Window(TokenSpec good, DateTimeOffset issuedAt, DateTimeOffset expiresAt) => good.WithIssuedAt(issuedAt).WithExpiresAt(expiresAt);
        static TokenSpec ExpiringAt(TokenSpec good, DateTimeOffset expiresAt) => Window(good, expiresAt - Lifetime(good), expiresAt);
        static TokenSpec IssuedAt(TokenSpec good, DateTimeOffset issuedAt) => Window(good, issuedAt, issuedAt + Lifetime(good));
        static DateTimeOffset ExpiredAt(TokenAttackContext c) => c.Now - c.Leeway;
        static DateTimeOffset ValidFrom(TokenAttackContext c) => c.Now + c.Leeway;
        static DateTimeOffset MaxStart(TokenAttackContext c) => c.Now - TimeSpan.FromTicks(c.MaxTokenLifetime.Ticks / 2);

        // TOK-11: the lifetime bounds, placed around now so no time rule interferes.
        yield return Hand("tok-11/exp-equals-iat", Req.TOK_11, Invalid, (c, good) => Window(good, c.Now, c.Now));
        yield return Hand("tok-11/exp-before-iat", Req.TOK_11, Invalid, (c, good) => Window(good, c.Now, c.Now - TimeSpan.FromSeconds(1)));
        yield return Valid("tok-11/lifetime-at-max", Req.TOK_11, (c, good) => Window(good, MaxStart(c), MaxStart(c) + c.MaxTokenLifetime));
        // exp - iat does not depend on the clock: exact to the tick on any clock.
        yield return Hand("tok-11/lifetime-max-plus-tick", Req.TOK_11, Invalid, (c, good) => Window(good, MaxStart(c), MaxStart(c) + c.MaxTokenLifetime + Tick));

        // TOK-12: expired exactly when now >= exp + leeway. A tick is a
        // fraction of a second, which only the hand minter writes.
        yield return Hand("tok-12/expired-at-boundary", Req.TOK_12, Expired, (c, good) => ExpiringAt(good, ExpiredAt(c))) with { NeedsExactClock = true };
        yield return Hand("tok-12/valid-one-tick-before-boundary", Req.TOK_12, null, (c, good) => ExpiringAt(good, ExpiredAt(c) + Tick)) with { NeedsExactClock = true };
        yield return Hand("tok-12/expired-one-tick-past-boundary", Req.TOK_12, Expired, (c, good) => ExpiringAt(good, ExpiredAt(c) - Tick)) with { NeedsExactClock = true };
        yield return Hand("tok-12/expired-past-margin", Req.TOK_12, Expired, (c, good) => ExpiringAt(good, ExpiredAt(c) - c.Margin));
        yield return Hand("tok-12/expired-an-hour-ago", Req.TOK_12, Expired, (c, good) => ExpiringAt(good, ExpiredAt(c) - TimeSpan.FromHours(1)));
        yield return Hand("tok-12/expired-long-ago", Req.TOK_12, Expired, (c, good) => IssuedAt(good, c.Now - TimeSpan.FromDays(2)));

        // TOK-13: not yet valid exactly when nbf or iat > now + leeway.
        yield return Hand("tok-13/nbf-one-tick-after-boundary", Req.TOK_13, NotYetValid, (c, good) => good.WithNotBefore(ValidFrom(c) + Tick)) with { NeedsExactClock = true };
        yield return Valid("tok-13/nbf-at-boundary", Req.TOK_13, (c, good) => good.WithNotBefore(ValidFrom(c))) with { NeedsExactClock = true };
        yield return Hand("tok-13/iat-one-tick-after-boundary", Req.TOK_13, NotYetValid, (c, good) => IssuedAt(good, ValidFrom(c) + Tick)) with { NeedsExactClock = true };
        yield return Valid("tok-13/iat-at-boundary", Req.TOK_13, (c, good) => IssuedAt(good, ValidFrom(c))) with { NeedsExactClock = true };
        yield return Hand("tok-13/nbf-past-margin", Req.TOK_13, NotYetValid, (c, good) => good.WithNotBefore(ValidFrom(c) + c.Margin));
        yield return Hand("tok-13/iat-past-margin", Req.TOK_13, NotYetValid, (c, good) => IssuedAt(good, ValidFrom(c) + c.Margin));

        // ERR-4: TOKEN_INVALID before TOKEN_EXPIRED before TOKEN_NOT_YET_VALID.
        // TOKEN_INVALID wins on any clock; the expired one sits on its boundary.
        yield return Hand("err-4/expired-and-unknown-issuer", Req.ERR_4, Invalid, (c, good) => ExpiringAt(good, ExpiredAt(c)).WithIssuer(UnknownIssuer));
        yield return Raw("err-4/expired-and-tampered", Req.ERR_4, (c, good) => TokenMinter.TamperSignature(TokenMinter.Mint(ExpiringAt(good, ExpiredAt(c)), c.Key)));
        yield return Hand("err-4/expired-and-roles-string", Req.ERR_4, Invalid, (c, good) => ExpiringAt(good, ExpiredAt(c)).WithClaim("roles", "member"));
        yield return Hand("err-4/expired-and-not-yet-valid", Req.ERR_4, Expired, (c, good) =>
            ExpiringAt(good, ExpiredAt(c)).WithNotBefore(c.Now + c.Leeway + TimeSpan.FromHours(1))) with { NeedsExactClock = true };
        yield return Hand("err-4/not-yet-valid-and-wrong-token-type", Req.ERR_4, Invalid, (c, good) => IssuedAt(good, ValidFrom(c) + Tick).WithTokenType("service"));
        yield return Hand("err-4/not-yet-valid-and-too-long", Req.ERR_4, Invalid, (c, good) =>
            Window(good, ValidFrom(c) + Tick, ValidFrom(c) + Tick + c.MaxTokenLifetime + TimeSpan.FromSeconds(1)));
    }

    private static DateTimeOffset ExpiresAt(TokenSpec good) =>
        good.FindDate("exp") ?? throw new ArgumentException("A good claim set has a numeric exp.", nameof(good));

    private static TimeSpan Lifetime(TokenSpec good) =>
        ExpiresAt(good) - (good.FindDate("iat") ?? throw new ArgumentException("A good claim set has a numeric iat.", nameof(good)));

    // "1.7e9"-style text for whole seconds: still a JSON number (TOK-8).
    private static string ExponentForm(DateTimeOffset instant)
    {
        var digits = instant.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        builder.Append(digits[0]).Append('.').Append(digits.AsSpan(1)).Append('e').Append(digits.Length - 1);
        return builder.ToString();
    }
}
