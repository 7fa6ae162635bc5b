namespace Tessera.Server.Hosting;

/// <summary>Start-up refused: one line per bad configuration value, ready to print.</summary>
public sealed class TesseraConfigurationException : Exception
{
    public TesseraConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
