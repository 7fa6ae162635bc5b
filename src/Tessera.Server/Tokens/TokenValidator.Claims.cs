using System.Text.Json;

namespace Tessera.Server.Tokens;

/// <summary>The claim set (TOK-6 to TOK-10) and the time rules (TOK-11 to TOK-13).</summary>
internal sealed partial class TokenValidator
{
    // NumericDates must name an instant DateTimeOffset can hold: 0001-01-01 to 9999-12-31T23:59:59Z.
    private const decimal MinNumericDate = -62_135_596_800m;
    private const decimal MaxNumericDate = 253_402_300_799m;
    private const decimal TicksPerSecond = TimeSpan.TicksPerSecond;

    private TokenValidationResult ReadClaims(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TokenFailures.PayloadNotObject;
        }

        var roles = new RoleCollector();
        string? issuer = null;
        string? subject = null;
        var audienceMatched = false;
        decimal expiresAt = 0, issuedAt = 0, notBefore = 0;
        bool hasExpiresAt = false, hasIssuedAt = false, hasNotBefore = false;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("iss"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return TokenFailures.IssuerNotString;
                    }

                    issuer = FindIssuer(ref reader);
                    if (issuer is null)
                    {
                        return TokenFailures.IssuerUnknown;
                    }
                }
                else if (reader.ValueTextEquals("sub"u8))
                {
                    reader.Read();
                    subject = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (!IsValidSubject(subject))
                    {
                        return TokenFailures.SubjectInvalid;
                    }
                }
                else if (reader.ValueTextEquals("exp"u8))
                {
                    if (ReadNumericDate(ref reader, out expiresAt) is { } failure)
                    {
                        return failure;
                    }

                    hasExpiresAt = true;
                }
                else if (reader.ValueTextEquals("iat"u8))
                {
                    if (ReadNumericDate(ref reader, out issuedAt) is { } failure)
                    {
                        return failure;
                    }

                    hasIssuedAt = true;
                }
                else if (reader.ValueTextEquals("nbf"u8))
                {
                    if (ReadNumericDate(ref reader, out notBefore) is { } failure)
                    {
                        return failure;
                    }

                    hasNotBefore = true;
                }
                else if (reader.ValueTextEquals("aud"u8) && _audience is not null)
                {
                    if (!ReadAudience(ref reader, _audience, out audienceMatched))
                    {
                        return TokenFailures.AudienceMismatch;
                    }
                }
                else if (reader.ValueTextEquals("roles"u8))
                {
                    if (!roles.Read(ref reader))
                    {
                        return TokenFailures.RolesInvalid;
                    }
                }
                else if (reader.ValueTextEquals("token_type"u8) || reader.ValueTextEquals("tokenType"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("user"u8))
                    {
                        return TokenFailures.TokenTypeInvalid;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The loop ended on the payload's EndObject; anything after it throws.
            while (reader.Read())
            {
            }

            // Everything that is TOKEN_INVALID comes before the clock (ERR-4).
            if (issuer is null)
            {
                return TokenFailures.IssuerMissing;
            }

            if (_audience is not null && !audienceMatched)
            {
                return TokenFailures.AudienceMismatch;
            }

            if (subject is null)
            {
                return TokenFailures.SubjectInvalid;
            }

            if (!hasExpiresAt)
            {
                return TokenFailures.ExpiresMissing;
            }

            if (!hasIssuedAt)
            {
                return TokenFailures.IssuedAtMissing;
            }

            // TOK-11, compared exactly on the decimal values.
            var lifetime = expiresAt - issuedAt;
            if (lifetime <= 0)
            {
                return TokenFailures.ExpiresNotAfterIssued;
            }

            if (lifetime > _maxLifetimeSeconds)
            {
                return TokenFailures.LifetimeTooLong;
            }

            // Instants are rounded up to the next 100 ns tick. The clock itself
            // counts whole ticks, so for every reading of it "now >= exp + leeway"
            // and "nbf > now + leeway" decide exactly as they would on the
            // unrounded values: a fraction of a tick never flips an answer.
            var expiresTicks = ToTicks(expiresAt);
            var issuedTicks = ToTicks(issuedAt);
            var notBeforeTicks = hasNotBefore ? ToTicks(notBefore) : (long?)null;
            var now = _timeProvider.GetUtcNow().UtcTicks;

            // TOK-12 before TOK-13 (ERR-4).
            if (now >= expiresTicks + _leewayTicks)
            {
                return TokenFailures.Expired;
            }

            if (issuedTicks > now + _leewayTicks || notBeforeTicks > now + _leewayTicks)
            {
                return TokenFailures.NotYetValid;
            }

            return TokenValidationResult.Success(new ValidatedToken(
                issuer,
                subject,
                roles.ToSortedDistinct(),
                new DateTimeOffset(expiresTicks, TimeSpan.Zero),
                new DateTimeOffset(issuedTicks, TimeSpan.Zero),
                notBeforeTicks is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null));
        }
        finally
        {
            roles.Dispose();
        }
    }

    // The configured issuer equal to the string under the reader, or null.
    // Returning the configured instance means a valid token allocates no issuer string.
    private string? FindIssuer(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxIssuerLength * 6)
        {
            // Even fully escaped ("\uXXXX" per char) this is longer than any issuer.
            return null;
        }

        Span<char> buffer = stackalloc char[MaxIssuerLength];
        if (reader.ValueSpan.Length <= MaxIssuerLength)
        {
            var length = reader.CopyString(buffer);
            return _issuers.TryGetValue(buffer[..length], out var found) ? found : null;
        }

        var text = reader.GetString()!;
        return _issuers.TryGetValue(text, out var match) ? match : null;
    }

    private static bool IsValidSubject(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return false;
        }

        if (subject.Length <= MaxSubjectLength)
        {
            return true;
        }

        // TOK-8 (draft 2): characters are Unicode scalar values, what a JSON string
        // holds: a surrogate pair counts once, a combining mark once more.
        if (subject.Length > MaxSubjectLength * 2)
        {
            return false;
        }

        var count = 0;
        foreach (var rune in subject.EnumerateRunes())
        {
            count++;
        }

        return count <= MaxSubjectLength;
    }

    // TOK-8: a JSON number (a string, even of digits, is refused), exactly as decimal.
    private static TokenValidationResult? ReadNumericDate(ref Utf8JsonReader reader, out decimal seconds)
    {
        seconds = 0;
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            return TokenFailures.DateNotNumber;
        }

        if (!reader.TryGetDecimal(out seconds) || seconds < MinNumericDate || seconds > MaxNumericDate)
        {
            return TokenFailures.DateOutOfRange;
        }

        return null;
    }

    // TOK-7: the audience itself, or an array of strings that contains it.
    private static bool ReadAudience(ref Utf8JsonReader reader, byte[] audience, out bool matched)
    {
        matched = false;
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            matched = reader.ValueTextEquals(audience);
            return matched;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            matched |= reader.ValueTextEquals(audience);
        }

        return matched;
    }

    private static long ToTicks(decimal seconds) =>
        DateTimeOffset.UnixEpoch.UtcTicks + (long)decimal.Ceiling(seconds * TicksPerSecond);
}
