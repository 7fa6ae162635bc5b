using Tessera.Server.Tokens;

namespace Tessera.Conformance.Tests.Mutants;

/// <summary>The real validator, remembering each valid token's roles as written.</summary>
internal sealed class RawRolesValidator(ITokenValidator inner, RawRoles raw) : ITokenValidator
{
    public TokenValidationResult Validate(string token)
    {
        var result = inner.Validate(token);
        if (result.IsValid)
        {
            raw.Remember(result.Token, TokenPayload.RawRoles(token));
        }

        return result;
    }
}
