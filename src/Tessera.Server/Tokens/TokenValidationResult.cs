using System.Diagnostics.CodeAnalysis;
using Tessera.Server.Errors;

namespace Tessera.Server.Tokens;

/// <summary>
/// What <see cref="TokenValidator.Validate"/> found: a <see cref="ValidatedToken"/>,
/// or a <see cref="TesseraError"/> whose reason is TOKEN_INVALID,
/// TOKEN_EXPIRED or TOKEN_NOT_YET_VALID, plus the finer
/// <see cref="Outcome"/> for metrics. A struct, so that validating allocates
/// nothing for the result itself. Obtain one from the validator or from
/// <see cref="Success"/> / <see cref="Failure"/>; <c>default</c> is no result.
/// </summary>
internal readonly struct TokenValidationResult
{
    private TokenValidationResult(TokenValidationOutcome outcome, ValidatedToken? token, TesseraError? error)
    {
        Outcome = outcome;
        Token = token;
        Error = error;
    }

    /// <summary>Why the token was accepted or refused.</summary>
    public TokenValidationOutcome Outcome { get; }

    /// <summary>The claims, when <see cref="IsValid"/>.</summary>
    public ValidatedToken? Token { get; }

    /// <summary>The error to answer with, when not <see cref="IsValid"/>.</summary>
    public TesseraError? Error { get; }

    /// <summary>True when the token passed every check.</summary>
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Token is not null;

    /// <summary>An accepted token.</summary>
    public static TokenValidationResult Success(ValidatedToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenValidationResult(TokenValidationOutcome.Valid, token, null);
    }

    /// <summary>A refused token. <paramref name="outcome"/> must not be <see cref="TokenValidationOutcome.Valid"/>.</summary>
    public static TokenValidationResult Failure(TokenValidationOutcome outcome, TesseraError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (outcome == TokenValidationOutcome.Valid)
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A failure needs a failing outcome.");
        }

        return new TokenValidationResult(outcome, null, error);
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid ({Token.Subject})" : $"{Outcome}: {Error.Message}";
}
