namespace Tessera.Server.Hosting;

/// <summary>Start-up refused: one line per bad configuration value, ready to print.</summary>
public sealed class TesseraConfigurationException : Exception
{
    /// <summary>A refusal listing all of <paramref name="problems"/>, one per line.</summary>
    public TesseraConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem on its own, naming its configuration key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
