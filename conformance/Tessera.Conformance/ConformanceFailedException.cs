namespace Tessera.Conformance;

/// <summary>Thrown by <see cref="ConformanceSuite.AssertConformsAsync"/> when a MUST broke; the message is the full failure report.</summary>
public sealed class ConformanceFailedException(ConformanceReport report, string message) : Exception(message)
{
    /// <summary>The run's report.</summary>
    public ConformanceReport Report { get; } = report;
}
