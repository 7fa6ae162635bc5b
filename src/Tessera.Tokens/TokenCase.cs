namespace Tessera.Tokens;

/// <summary>
/// One token with the answer a conforming server must give it.
/// </summary>
/// <param name="Name">A path-like name, stable across runs: <c>tok-4/path-kid</c>.</param>
/// <param name="Requirement">The SPEC.md id the case checks: <c>TOK-4</c>.</param>
/// <param name="Token">The compact token.</param>
/// <param name="ExpectedReason">
/// The ErrorInfo reason (<see cref="Invalid"/>, <see cref="Expired"/>,
/// <see cref="NotYetValid"/>), or null when the token must be accepted.
/// </param>
public sealed record TokenCase(string Name, string Requirement, string Token, string? ExpectedReason)
{
    /// <summary>TOKEN_INVALID.</summary>
    public const string Invalid = Protocol.V1.ErrorReasons.TokenInvalid;

    /// <summary>TOKEN_EXPIRED.</summary>
    public const string Expired = Protocol.V1.ErrorReasons.TokenExpired;

    /// <summary>TOKEN_NOT_YET_VALID.</summary>
    public const string NotYetValid = Protocol.V1.ErrorReasons.TokenNotYetValid;

    /// <summary>True when a conforming server must accept the token.</summary>
    public bool ExpectAccepted => ExpectedReason is null;

    /// <summary>True when the answer is exact only with the test clock (see <see cref="TokenAttack.NeedsExactClock"/>).</summary>
    public bool NeedsExactClock { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
