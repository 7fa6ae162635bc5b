namespace Tessera.Server.Tokens;

/// <summary>
/// Checks a compact JWS against every TOK-* rule. The one seam through which
/// the handlers see token validation, so a test can put a deliberately broken
/// validator in its place (the conformance suite's mutants).
/// </summary>
internal interface ITokenValidator
{
    TokenValidationResult Validate(string token);
}
