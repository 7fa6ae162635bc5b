namespace Tessera.Conformance;

/// <summary>Which clock the suite runs on.</summary>
public enum ClockMode
{
    /// <summary>The target's test clock when GetServerInfo says it has one, the real clock otherwise.</summary>
    Auto,

    /// <summary>The test clock; the run stops with exit code 2 when the target has none.</summary>
    Test,

    /// <summary>The real clock, even when the target has a test clock: short tokens and waiting.</summary>
    Real,
}
