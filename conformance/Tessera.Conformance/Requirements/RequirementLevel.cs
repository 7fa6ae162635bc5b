namespace Tessera.Conformance.Requirements;

/// <summary>The RFC 2119 strength of a requirement: a broken MUST fails a run, a broken SHOULD warns.</summary>
public enum RequirementLevel
{
    /// <summary>MUST / MUST NOT: a violation fails the case and the run (exit code 1).</summary>
    Must,

    /// <summary>SHOULD / SHOULD NOT: a violation gives the case a warning verdict; the run still passes.</summary>
    Should,
}
