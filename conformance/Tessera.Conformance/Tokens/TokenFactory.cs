using System.Text.Json;
using Tessera.Conformance.Model;
using Tessera.Conformance.Target;
using Tessera.Tokens;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Tokens;

/// <summary>
/// Mints the tokens the commands ask for, with the key the target trusts, and
/// writes down the facts the model judges them by.
/// </summary>
internal sealed class TokenFactory(MintingKey key, string? audience, TargetProfile profile, bool exactTime)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>An issuer no target is configured with (TOK-6).</summary>
    public const string UnknownIssuer = "tessera-conformance-unknown-issuer";

    public MintingKey Key { get; } = key;

    /// <summary>True with the test clock: boundary flavors land on the exact tick.</summary>
    public bool ExactTime { get; } = exactTime;

    /// <summary>How far from a boundary a real-clock token stays, so clock skew and latency cannot flip its verdict.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Mints <paramref name="flavor"/> of <paramref name="claims"/> at the model's <paramref name="now"/>.</summary>
    public (string Token, TokenFacts Facts) Make(TokenFlavor flavor, int variant, BaseClaims claims, DateTimeOffset now)
    {
        flavor = Effective(flavor);
        var leeway = profile.Leeway;
        var lifetime = claims.ExpiresAt - claims.IssuedAt;
        var iat = claims.IssuedAt;
        var exp = claims.ExpiresAt;
        DateTimeOffset? nbf = null;
        var issuer = claims.Issuer;
        var subject = claims.Subject;
        IReadOnlyList<string>? audiences = audience is { Length: > 0 } a ? [a] : null;
        var audienceRaw = audiences is null ? null : TokenSpec.JsonString(audiences[0]);
        var defects = new List<Rule>();
        var validityIds = new List<string>();
        var note = "";

        switch (flavor)
        {
            case TokenFlavor.Expired:
                // Just past the boundary, a second past it, or long ago.
                exp = now - leeway - (variant % 3) switch
                {
                    0 when ExactTime => Tick,
                    2 => TimeSpan.FromHours(1),
                    _ => ExactTime ? TimeSpan.FromSeconds(1) : Margin,
                };
                iat = exp - lifetime;
                note = "expired";
                break;
            case TokenFlavor.ExpiredAtBoundary:
                exp = now - leeway;
                iat = exp - lifetime;
                note = "exp+leeway=now";
                break;
            case TokenFlavor.ValidOneTickBeforeExpiry:
                exp = now - leeway + Tick;
                iat = exp - lifetime;
                validityIds.Add("TOK-12");
                note = "exp+leeway=now+1tick";
                break;
            case TokenFlavor.NotYetValidNbf:
                nbf = now + leeway + (ExactTime ? Tick : Margin);
                note = "nbf>now+leeway";
                break;
            case TokenFlavor.NotYetValidIat:
                iat = now + leeway + (ExactTime ? Tick : Margin);
                exp = iat + lifetime;
                note = "iat>now+leeway";
                break;
            case TokenFlavor.NbfAtBoundary:
                nbf = now + leeway;
                validityIds.Add("TOK-13");
                note = "nbf=now+leeway";
                break;
            case TokenFlavor.UnknownIssuer:
                issuer = UnknownIssuer;
                break;
            case TokenFlavor.WrongAudience:
                audiences = ["tessera-conformance-other-audience"];
                audienceRaw = TokenSpec.JsonString(audiences[0]);
                validityIds.Add("TOK-7");
                note = "aud=other";
                break;
            case TokenFlavor.AudienceArray:
                audiences = audience is { Length: > 0 } aa ? ["tessera-conformance-other-audience", aa] : ["tessera-conformance-other-audience"];
                audienceRaw = TokenSpec.JsonStringArray(audiences);
                validityIds.Add("TOK-7");
                note = "aud=[...]";
                break;
            case TokenFlavor.OverLongLifetime:
                iat = now - TimeSpan.FromTicks(profile.MaxTokenLifetime.Ticks / 2);
                exp = iat + profile.MaxTokenLifetime + (ExactTime ? Tick : TimeSpan.FromMinutes(1));
                note = "exp-iat>max";
                break;
            case TokenFlavor.LifetimeAtMax:
                iat = now - TimeSpan.FromTicks(profile.MaxTokenLifetime.Ticks / 2);
                exp = iat + profile.MaxTokenLifetime;
                validityIds.Add("TOK-11");
                note = "exp-iat=max";
                break;
            case TokenFlavor.ExpNotAfterIat:
                iat = now;
                exp = now;
                note = "exp=iat";
                break;
            case TokenFlavor.SubjectTooLong:
                subject = new string('s', 129);
                note = "sub of 129 chars";
                break;
        }

        var spec = new TokenSpec()
            .WithIssuer(issuer)
            .WithSubject(subject)
            .WithIssuedAt(iat)
            .WithExpiresAt(exp)
            .WithRoles(claims.Roles);
        if (nbf is { } notBefore)
        {
            spec = spec.WithNotBefore(notBefore);
        }

        if (audienceRaw is not null)
        {
            spec = spec.WithRawClaim("aud", audienceRaw);
        }

        var facts = new TokenFacts
        {
            Issuer = issuer,
            Subject = subject,
            Roles = claims.Roles,
            ExpiresAt = exp,
            IssuedAt = iat,
            NotBefore = nbf,
            Audiences = audiences,
        };

        string token;
        void Defect(string id, string what)
        {
            defects.Add(new Rule(ErrorReasons.TokenInvalid, [id]));
            note = what;
        }

        switch (flavor)
        {
            case TokenFlavor.BadSignature:
                token = TokenMinter.TamperSignature(TokenMinter.Mint(spec, Key));
                Defect("TOK-5", "bad signature");
                break;
            case TokenFlavor.AlgNone:
                string[] spellings = ["none", "None", "NONE", "nOnE"];
                var spelling = spellings[variant % spellings.Length];
                token = TokenMinter.Unsigned(spec, spelling);
                Defect("TOK-3", "alg " + spelling);
                break;
            case TokenFlavor.KeyConfusion when Key.IsSymmetric:
                token = TokenMinter.Mint(spec.WithHeader("alg", JwsAlgorithms.RS256), Key);
                Defect("TOK-3", "alg RS256 on an HMAC secret");
                break;
            case TokenFlavor.KeyConfusion:
                PublicKeyFormat[] formats = [PublicKeyFormat.Pem, PublicKeyFormat.SubjectPublicKeyInfo, PublicKeyFormat.Jwk, PublicKeyFormat.Raw];
                var format = formats[variant % formats.Length];
                token = TokenMinter.HmacWithPublicKey(spec, Key, format);
                Defect("TOK-3", "HS256 keyed with the public key (" + format + ")");
                break;
            case TokenFlavor.UnknownKid:
                token = TokenMinter.Mint(spec.WithHeader("kid", "tessera-conformance-unknown-kid"), Key);
                Defect("TOK-4", "unknown kid");
                break;
            case TokenFlavor.Oversized:
                token = WithLength(spec, profile.MaxTokenBytes + 1, flavor);
                Defect("TOK-2", $"{profile.MaxTokenBytes + 1} bytes");
                break;
            case TokenFlavor.SizeAtLimit:
                token = WithLength(spec, profile.MaxTokenBytes, flavor);
                validityIds.Add("TOK-2");
                note = $"{profile.MaxTokenBytes} bytes";
                break;
            case TokenFlavor.Malformed:
                (token, var what) = Malformed(spec, variant);
                Defect("TOK-1", what);
                break;
            case TokenFlavor.ExpNotNumber:
                token = TokenMinter.Mint(spec.WithClaim("exp", NumericDate.ToJson(exp)), Key);
                facts = facts with { ExpiresAt = null };
                Defect("TOK-8", "exp as a string");
                break;
            case TokenFlavor.RolesNotArray:
                token = TokenMinter.Mint(spec.WithClaim("roles", claims.Roles.Count > 0 ? claims.Roles[0] : "member"), Key);
                Defect("TOK-9", "roles as a string");
                break;
            case TokenFlavor.WrongTokenType:
                token = TokenMinter.Mint(variant % 2 == 0 ? spec.WithTokenType("refresh") : spec.WithClaim("tokenType", "service"), Key);
                Defect("TOK-10", variant % 2 == 0 ? "token_type refresh" : "tokenType service");
                break;
            case TokenFlavor.UserTokenType:
                token = TokenMinter.MintValid(variant % 2 == 0 ? spec.WithTokenType("user") : spec.WithClaim("tokenType", "user"), Key);
                validityIds.Add("TOK-10");
                note = variant % 2 == 0 ? "token_type user" : "tokenType user";
                break;
            default:
                // Good tokens come from IdentityModel's JsonWebTokenHandler
                // unless their dates carry a fraction (the exact-time flavors).
                token = TokenMinter.MintValid(spec, Key);
                break;
        }

        // A token the target's declared limit refuses (TOK-2, checked before
        // anything else) cannot show what the command is about: a valid one,
        // or one meant to fail a later check (TOKEN_EXPIRED, ...). Flavors
        // with a structural defect answer TOKEN_INVALID either way and stay.
        // So a small legal limit is a skip, never a failure.
        var size = System.Text.Encoding.UTF8.GetByteCount(token);
        if (size > profile.MaxTokenBytes && flavor != TokenFlavor.Oversized && defects.Count == 0)
        {
            throw new TokenDoesNotFitException(
                $"a token ({flavor}) needs {size} bytes; the target declares max_token_bytes = {profile.MaxTokenBytes}");
        }

        var shownSubject = subject.Length > 20 ? subject[..8] + "..." : subject;
        var description = $"token({shownSubject}, roles={Format.List(claims.Roles)}, exp={Relative(exp, now)}"
            + (issuer != claims.Issuer ? ", iss=" + issuer : "")
            + (note.Length > 0 ? ", " + note : "") + ")";
        return (token, facts with { Defects = defects, ValidityIds = validityIds, Description = description });
    }

    /// <summary>A token of exactly <paramref name="length"/> bytes, or a skip when the unpadded token is already longer.</summary>
    private string WithLength(TokenSpec spec, int length, TokenFlavor flavor)
    {
        try
        {
            return TokenMinter.MintWithLength(spec, Key, length);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new TokenDoesNotFitException(
                $"a {flavor} token of {length} bytes cannot be made: the smallest token is longer (max_token_bytes = {profile.MaxTokenBytes})");
        }
    }

    /// <summary>The flavor as it can be made against this target: boundary flavors need the test clock.</summary>
    public TokenFlavor Effective(TokenFlavor flavor) => flavor switch
    {
        TokenFlavor.ExpiredAtBoundary when !ExactTime => TokenFlavor.Expired,
        TokenFlavor.ValidOneTickBeforeExpiry when !ExactTime => TokenFlavor.Valid,
        TokenFlavor.NbfAtBoundary when !ExactTime => TokenFlavor.Valid,
        _ => flavor,
    };

    /// <summary>"now+90s", "now-1tick".</summary>
    public static string Relative(DateTimeOffset instant, DateTimeOffset now) =>
        instant >= now ? "now+" + Format.Duration(instant - now) : "now-" + Format.Duration(now - instant);

    private (string Token, string What) Malformed(TokenSpec spec, int variant)
    {
        var good = TokenMinter.Mint(spec, Key);
        var (header, payload, signature) = TokenMinter.Split(good);
        var headerJson = TokenMinter.HeaderJson(spec, Key.Algorithm, Key.KeyId);
        var payloadJson = TokenMinter.ObjectJson(spec.Claims);
        return (variant % 9) switch
        {
            0 => (header + "." + payload, "two segments"),
            1 => (good + "." + signature, "four segments"),
            2 => (TokenMinter.JweShaped(), "JWE shape"),
            3 => (TokenMinter.MintMalformedEncoding(spec, Key, MalformedEncoding.Padding), "base64 padding"),
            4 => (TokenMinter.MintRaw("alg=" + Key.Algorithm, payloadJson, Key), "header not JSON"),
            5 => (TokenMinter.MintRaw(headerJson, "[" + payloadJson + "]", Key), "payload is an array"),
            6 => (TokenMinter.Mint(spec.WithDuplicateClaim("sub", TokenSpec.JsonString("mallory")), Key), "repeated sub"),
            7 => (TokenMinter.Mint(spec.WithDuplicateHeader("alg", TokenSpec.JsonString(Key.Algorithm)), Key), "repeated alg"),
            _ => (TokenMinter.MintMalformedEncoding(spec, Key, MalformedEncoding.InvalidCharacter), "invalid base64url character"),
        };
    }

    /// <summary>
    /// Facts of a token minted elsewhere (a <see cref="TokenCase"/> of
    /// Tessera.Tokens' attack list): its payload read back when it parses, and
    /// the case's verdict as a defect when the case says TOKEN_INVALID.
    /// </summary>
    public static TokenFacts FactsOf(TokenCase tokenCase)
    {
        var facts = ReadPayload(tokenCase.Token) ?? new TokenFacts();
        if (tokenCase.ExpectedReason == TokenCase.Invalid)
        {
            facts = facts with { Defects = [new Rule(ErrorReasons.TokenInvalid, [tokenCase.Requirement])] };
        }
        else
        {
            facts = facts with { ValidityIds = [tokenCase.Requirement] };
        }

        return facts with { Description = "token " + tokenCase.Name };
    }

    private static TokenFacts? ReadPayload(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]);
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new TokenFacts
            {
                Issuer = String(root, "iss"),
                Subject = String(root, "sub"),
                Roles = root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                    ? [.. roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
                    : [],
                ExpiresAt = Date(root, "exp"),
                IssuedAt = Date(root, "iat"),
                NotBefore = Date(root, "nbf"),
                Audiences = root.TryGetProperty("aud", out var aud)
                    ? aud.ValueKind == JsonValueKind.String
                        ? [aud.GetString()!]
                        : aud.ValueKind == JsonValueKind.Array
                            ? [.. aud.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                            : []
                    : null,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Date(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var seconds))
        {
            return null;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond, 0));
    }
}
