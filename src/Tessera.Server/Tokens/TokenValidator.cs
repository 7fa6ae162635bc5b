using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using System.Text.Json;

namespace Tessera.Server.Tokens;

/// <summary>
/// Validates a token against the Tessera token profile (SPEC.md TOK-1 to
/// TOK-13) and answers with the claims or the exact error reason. Thread-safe;
/// build one per configuration and share it.
/// </summary>
/// <remarks>
/// <para>
/// What IdentityModel does here and what it does not. Keys are IdentityModel
/// <c>SecurityKey</c>s (the JWKS is read by its <c>JsonWebKeySet</c>) and
/// every signature is verified by one of its <c>SignatureProvider</c>s
/// (EdDSA by <see cref="Tessera.Tokens.Ed25519SignatureProvider"/>, since
/// IdentityModel 8 has none). Repeated member names are refused by .NET's
/// <see cref="JsonDocument"/>. The rest of the profile is written here with
/// <see cref="Utf8JsonReader"/>, because IdentityModel's JsonWebTokenHandler
/// decides differently (each difference has a test in
/// IdentityModelDifferenceTests): it keeps the last of two repeated claims
/// (TOK-1); rounds NumericDates to whole seconds and accepts a string
/// <c>exp</c> (TOK-8); counts a token as expired only after <c>exp + skew</c>,
/// not at it (TOK-12); defaults to a 5-minute skew and takes any (TOK-12 caps
/// it at 60 s); checks the lifetime before the issuer, so an expired token of
/// an unknown issuer is "expired" (ERR-4); and tries a kid-less token against
/// every key (TOK-4 wants exactly one).
/// </para>
/// <para>
/// The order of the checks is the order of the rules, and it is what makes
/// ERR-4 hold: everything that yields TOKEN_INVALID (size, form, algorithm,
/// key, signature, claims, lifetime) is decided before the clock is read;
/// TOKEN_EXPIRED is decided before TOKEN_NOT_YET_VALID.
/// </para>
/// <code>
///   size (TOK-2) -> 3 segments, strict base64url (TOK-1)
///   -> header: JSON object, alg, kid, no enc/crit/cty JWT (TOK-1, TOK-3, TOK-4)
///   -> signature over ASCII(header '.' payload) (TOK-5)
///   -> no repeated member name in the header, then the payload, at any depth (TOK-1)
///   -> payload: JSON object, iss aud sub exp iat nbf roles token_type (TOK-1, TOK-6 .. TOK-10)
///   -> lifetime (TOK-11) -> expired (TOK-12) -> not yet valid (TOK-13)
/// </code>
/// <para>
/// Allocation: the segments are decoded into one stack (or pooled) buffer,
/// signatures are verified from pooled arrays, the issuer is the configured
/// string instance and refusals are preallocated, so a token refused up to
/// its signature (a forgery) allocates nothing. Past the signature, the repeat
/// check allocates two <see cref="JsonDocument"/>s, and a valid token its
/// subject, its role strings and array, and the <see cref="ValidatedToken"/>.
/// </para>
/// </remarks>
internal sealed partial class TokenValidator : ITokenValidator
{
    /// <summary>The longest configured issuer: 256 characters.</summary>
    public const int MaxIssuerLength = 256;

    /// <summary>The longest accepted <c>sub</c>, in characters (Unicode scalar values): 128 (TOK-8).</summary>
    public const int MaxSubjectLength = 128;

    // Decoded segments plus the ASCII signing input of an ordinary token fit
    // here; bigger ones (up to 2 x 8192 bytes) rent from the pool.
    private const int StackBufferSize = 2048;

    private static readonly JsonDocumentOptions NoRepeats = new() { AllowDuplicateProperties = false };

    private readonly SigningKeyRing _keys;
    private readonly TimeProvider _timeProvider;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _issuers;
    private readonly byte[]? _audience;
    private readonly long _leewayTicks;
    private readonly decimal _maxLifetimeSeconds;
    private readonly int _maxTokenBytes;
    private readonly TokenValidationResult _tooLarge;

    /// <summary>
    /// A validator for <paramref name="options"/>, with the keys they name
    /// (<see cref="SigningKeyRing.FromOptions"/>).
    /// </summary>
    /// <exception cref="TokenConfigurationException">The options or keys are unusable; the message lists why.</exception>
    public TokenValidator(TokenValidationOptions options, TimeProvider timeProvider)
        : this(options, SigningKeyRing.FromOptions(Checked(options)), timeProvider)
    {
    }

    /// <summary>
    /// A validator for the policy in <paramref name="options"/> and the keys in
    /// <paramref name="keys"/>; the key settings of the options
    /// (<see cref="TokenValidationOptions.SharedSecrets"/>, <see cref="TokenValidationOptions.JwksPath"/>) are not used.
    /// </summary>
    /// <exception cref="TokenConfigurationException">The policy values are unusable.</exception>
    public TokenValidator(TokenValidationOptions options, SigningKeyRing keys, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(timeProvider);
        // The keys come from the ring, so only the policy values are checked.
        var problems = options.ValidatePolicy();
        if (problems.Count > 0)
        {
            throw new TokenConfigurationException(problems);
        }

        _keys = keys;
        _timeProvider = timeProvider;
        _issuers = options.Issuers.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _audience = string.IsNullOrEmpty(options.Audience) ? null : Encoding.UTF8.GetBytes(options.Audience);
        _leewayTicks = options.ClockSkewLeeway.Ticks;
        _maxLifetimeSeconds = (decimal)options.MaxTokenLifetime.Ticks / TimeSpan.TicksPerSecond;
        _maxTokenBytes = options.MaxTokenBytes;
        _tooLarge = TokenFailures.TooLarge(_maxTokenBytes);

        Issuers = [.. options.Issuers];
        Audience = _audience is null ? null : options.Audience;
        ClockSkewLeeway = options.ClockSkewLeeway;
        MaxTokenLifetime = options.MaxTokenLifetime;
    }

    /// <summary>The accepted issuers (TOK-6), as configured.</summary>
    public IReadOnlyList<string> Issuers { get; }

    /// <summary>The audience checked in <c>aud</c>, or null when none is (TOK-7).</summary>
    public string? Audience { get; }

    /// <summary>The clock skew leeway (TOK-12, TOK-13).</summary>
    public TimeSpan ClockSkewLeeway { get; }

    /// <summary>The longest accepted <c>exp - iat</c> (TOK-11).</summary>
    public TimeSpan MaxTokenLifetime { get; }

    /// <summary>The longest accepted token in bytes (TOK-2).</summary>
    public int MaxTokenBytes => _maxTokenBytes;

    /// <summary>The keys, and through them the accepted algorithms (TOK-3).</summary>
    public SigningKeyRing Keys => _keys;

    /// <summary>
    /// Checks <paramref name="token"/> against every TOK rule at the current
    /// time of the injected <see cref="TimeProvider"/>. Never throws for any
    /// input: every refusal is a result.
    /// </summary>
    public TokenValidationResult Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenFailures.Empty;
        }

        // TOK-2 before any parsing. A char is at least one UTF-8 byte, so the
        // cheap test catches every long token; the count catches the rest.
        if (token.Length > _maxTokenBytes || Encoding.UTF8.GetByteCount(token) > _maxTokenBytes)
        {
            return _tooLarge;
        }

        // TOK-1, RFC 7515 section 7.1:
        //   BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)
        //   |<------------ signing input ----------->|
        var firstDot = token.IndexOf('.');
        var secondDot = firstDot < 0 ? -1 : token.IndexOf('.', firstDot + 1);
        if (secondDot < 0)
        {
            return TokenFailures.TooFewSegments;
        }

        if (token.IndexOf('.', secondDot + 1) >= 0)
        {
            return TokenFailures.TooManySegments;
        }

        var headerText = token.AsSpan(0, firstDot);
        var payloadText = token.AsSpan(firstDot + 1, secondDot - firstDot - 1);
        var signatureText = token.AsSpan(secondDot + 1);
        if (headerText.IsEmpty || payloadText.IsEmpty
            || !Base64UrlStrict.IsCanonical(headerText)
            || !Base64UrlStrict.IsCanonical(payloadText)
            || !Base64UrlStrict.IsCanonical(signatureText))
        {
            return TokenFailures.BadEncoding;
        }

        var headerLength = Base64UrlStrict.DecodedLength(headerText.Length);
        var payloadLength = Base64UrlStrict.DecodedLength(payloadText.Length);
        var signatureLength = Base64UrlStrict.DecodedLength(signatureText.Length);
        var needed = secondDot + headerLength + payloadLength + signatureLength;
        byte[]? rented = null;
        Span<byte> buffer = needed <= StackBufferSize ? stackalloc byte[StackBufferSize] : (rented = ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            // Every character was checked to be base64url or '.', so ASCII is exact.
            var signingInput = buffer[..secondDot];
            Encoding.ASCII.GetBytes(token.AsSpan(0, secondDot), signingInput);
            var header = buffer.Slice(secondDot, headerLength);
            var payload = buffer.Slice(secondDot + headerLength, payloadLength);
            var signature = buffer.Slice(secondDot + headerLength + payloadLength, signatureLength);
            Base64UrlStrict.Decode(headerText, header);
            Base64UrlStrict.Decode(payloadText, payload);
            Base64UrlStrict.Decode(signatureText, signature);

            if (!TryReadHeader(header, out var algorithm, out var key, out var headerFailure))
            {
                return headerFailure;
            }

            if (!key.Verify(algorithm, signingInput, signature))
            {
                return TokenFailures.BadSignature;
            }

            // The payload is parsed only once it is known to come from a key holder.
            return RefuseRepeats(header, TokenFailures.DuplicateHeader)
                ?? RefuseRepeats(payload, TokenFailures.DuplicateClaim)
                ?? ReadClaims(payload);
        }
        catch (JsonException)
        {
            return TokenFailures.BadJson;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader: a string that is not valid UTF-8 (or UTF-16 after unescaping).
            return TokenFailures.BadJson;
        }
        finally
        {
            if (rented is not null)
            {
                // A token is a bearer credential: leave no copy in the shared pool.
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    // TOK-1: a repeated member name, compared after unescaping and at any
    // depth, refuses the token. .NET's JsonDocument makes exactly this check
    // (AllowDuplicateProperties = false), so it is not written here. It runs
    // after the signature: a JsonDocument is an allocation, and a refusal
    // before that point (a forged token) must allocate nothing.
    private static TokenValidationResult? RefuseRepeats(ReadOnlySpan<byte> json, TokenValidationResult repeated)
    {
        var copy = ArrayPool<byte>.Shared.Rent(json.Length);
        try
        {
            json.CopyTo(copy);
            using (JsonDocument.Parse(copy.AsMemory(0, json.Length), NoRepeats))
            {
            }

            return null;
        }
        catch (JsonException)
        {
            // The same exception type reports repeats and bad syntax; only the message tells.
            return IsWellFormed(json) ? repeated : TokenFailures.BadJson;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy, clearArray: true);
        }
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static TokenValidationOptions Checked(TokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        return options;
    }
}
