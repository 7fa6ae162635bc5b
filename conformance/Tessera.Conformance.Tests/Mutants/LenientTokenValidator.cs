using System.Security.Cryptography;
using Tessera.Server.Errors;
using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>
/// A token validator with one hole in it, wrapped around the real one: it
/// accepts some tokens the real validator refuses.
/// </summary>
internal sealed class LenientTokenValidator(ITokenValidator inner, TimeProvider time, LenientTokenValidator.Hole hole, byte[]? publicKeyPem = null) : ITokenValidator
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
    }

    public TokenValidationResult Validate(string token)
    {
        var result = inner.Validate(token);
        if (result.IsValid)
        {
            return result;
        }

        var reason = result.Error.Reason;
        var now = time.GetUtcNow();
        var accept = hole switch
        {
            Hole.AcceptsExpired => reason == ErrorReason.TokenExpired,
            Hole.FiveMinuteLeeway => (reason == ErrorReason.TokenExpired && TokenPayload.Claims(token) is { } expired && now < expired.ExpiresAt + TimeSpan.FromMinutes(5))
                || (reason == ErrorReason.TokenNotYetValid && TokenPayload.Claims(token) is { } early && (early.NotBefore ?? early.IssuedAt) <= now + TimeSpan.FromMinutes(5) && early.IssuedAt <= now + TimeSpan.FromMinutes(5)),
            Hole.AcceptsAlgNone => string.Equals(TokenPayload.Algorithm(token), "none", StringComparison.OrdinalIgnoreCase),
            Hole.KeyConfusion => TokenPayload.Algorithm(token) == "HS256" && publicKeyPem is not null && TokenPayload.Signature(token) is { } signature
                && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(publicKeyPem, TokenPayload.SigningInput(token)), signature),
            _ => false,
        };
        return accept && TokenPayload.Claims(token) is { } claims ? TokenValidationResult.Success(claims) : result;
    }
}
