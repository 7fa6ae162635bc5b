using Microsoft.Extensions.Options;

namespace Tessera.Server.Tokens;

/// <summary>
/// The start-up check of <see cref="TokenValidationOptions"/>: its policy values, then
/// the keys they name (a secret that does not decode, a JWKS file that cannot be read),
/// each failure prefixed with the configuration section so it says where to look.
/// </summary>
internal sealed class TokenValidationOptionsValidator : IValidateOptions<TokenValidationOptions>
{
    private const string Section = "Tessera:Tokens";

    public ValidateOptionsResult Validate(string? name, TokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        if (problems.Count == 0)
        {
            try
            {
                // The keys are read again when the ring is built; reading them here as
                // well is what makes a bad key a start-up failure, not a first-call one.
                _ = SigningKeyRing.FromOptions(options);
            }
            catch (TokenConfigurationException e)
            {
                problems.AddRange(e.Problems.Count > 0 ? e.Problems : [e.Message]);
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{Section}: {p}"));
    }
}
