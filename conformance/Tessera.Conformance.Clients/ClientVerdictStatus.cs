namespace Tessera.Conformance.Clients;

/// <summary>The outcome for one client requirement.</summary>
public enum ClientVerdictStatus
{
    Passed,
    Failed,

    /// <summary>Not run: filtered out by <see cref="ClientConformanceOptions.Requirements"/>.</summary>
    Skipped,
}
