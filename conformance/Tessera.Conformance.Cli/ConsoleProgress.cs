using Tessera.Conformance.Reporting;

namespace Tessera.Conformance.Cli;

/// <summary>Prints one line per case as it finishes, numbered against the total.</summary>
internal sealed class ConsoleProgress(TextWriter output, bool color, int total) : IProgress<CaseResult>
{
    private readonly Lock _gate = new();
    private int _done;

    public void Report(CaseResult value)
    {
        lock (_gate)
        {
            _done++;
            output.WriteLine($"[{_done,2}/{total}]{ConsoleReport.Line(value, color)}");
        }
    }
}
