using Tessera.Server.Errors;
using Tessera.Server.Tokens;

namespace Tessera.Server.Sessions;

/// <summary>
/// What the handler learned about the token of a request before calling the
/// registry: it was missing (empty), or the token validator accepted it, or
/// rejected it with a TOKEN_* error. The registry decides where in the check order
/// (ERR-4) each outcome answers, so a rejected token on an unknown session still
/// answers SESSION_NOT_FOUND.
/// </summary>
internal sealed class TokenCheck
{
    private TokenCheck(ValidatedToken? token, TesseraError? error)
    {
        Token = token;
        Error = error;
    }

    /// <summary>The token field was empty (SES-4: INVALID_REQUEST).</summary>
    public static TokenCheck Missing { get; } = new(null, null);

    /// <summary>The accepted claims; null unless valid.</summary>
    public ValidatedToken? Token { get; }

    /// <summary>Why validation failed; null unless invalid.</summary>
    public TesseraError? Error { get; }

    public bool IsMissing => Token is null && Error is null;

    public static TokenCheck Valid(ValidatedToken token) => new(token ?? throw new ArgumentNullException(nameof(token)), null);

    public static TokenCheck Invalid(TesseraError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));
}
