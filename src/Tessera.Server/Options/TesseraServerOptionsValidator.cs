using Microsoft.Extensions.Options;

namespace Tessera.Server.Options;

/// <summary>The start-up check of <see cref="TesseraServerOptions"/>: one failure per bad value, each naming its key.</summary>
internal sealed class TesseraServerOptionsValidator : IValidateOptions<TesseraServerOptions>
{
    public ValidateOptionsResult Validate(string? name, TesseraServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
