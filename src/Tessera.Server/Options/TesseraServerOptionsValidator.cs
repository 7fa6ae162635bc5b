using Microsoft.Extensions.Options;

namespace Tessera.Server.Options;

/// <summary>Startup validation for <see cref="TesseraServerOptions"/>: fails with every per-field message at once.</summary>
public sealed class TesseraServerOptionsValidator : IValidateOptions<TesseraServerOptions>
{
    public ValidateOptionsResult Validate(string? name, TesseraServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
