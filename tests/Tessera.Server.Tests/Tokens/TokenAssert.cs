using Tessera.Protocol.V1;
using Tessera.Server.Errors;
using Tessera.Server.Tokens;

namespace Tessera.Server.Tests.Tokens;

/// <summary>Assertions that say which reason and outcome were expected and which came.</summary>
internal static class TokenAssert
{
    public static ValidatedToken Valid(TokenValidationResult result)
    {
        Assert.True(result.IsValid, $"expected a valid token, got {result}");
        Assert.Equal(TokenValidationOutcome.Valid, result.Outcome);
        Assert.Null(result.Error);
        return result.Token;
    }

    public static void Invalid(TokenValidationResult result, TokenValidationOutcome outcome) =>
        Refused(result, ErrorReasons.TokenInvalid, outcome);

    public static void Expired(TokenValidationResult result) =>
        Refused(result, ErrorReasons.TokenExpired, TokenValidationOutcome.Expired);

    public static void NotYetValid(TokenValidationResult result) =>
        Refused(result, ErrorReasons.TokenNotYetValid, TokenValidationOutcome.NotYetValid);

    public static void Refused(TokenValidationResult result, string reason, TokenValidationOutcome outcome)
    {
        Assert.False(result.IsValid, $"expected {reason}/{outcome}, but the token was accepted");
        Assert.Equal((reason, outcome), (result.Error.Reason, result.Outcome));
        Assert.Null(result.Token);
    }

    /// <summary>Any TOKEN_INVALID, whatever the finer outcome.</summary>
    public static void AnyInvalid(TokenValidationResult result)
    {
        Assert.False(result.IsValid, "expected TOKEN_INVALID, but the token was accepted");
        Assert.Equal(ErrorReasons.TokenInvalid, result.Error.Reason);
    }
}
