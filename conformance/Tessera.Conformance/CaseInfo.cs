namespace Tessera.Conformance;

/// <summary>What a case is, without running it: its name, the requirements it checks and what it needs.</summary>
/// <param name="Name">A path-like stable name: <c>expiry/timers</c>, <c>tok/tok-3</c>.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Requirements">The SPEC.md ids its checks can name.</param>
/// <param name="Kind"><c>property</c> (generated and shrunk sequences), <c>scenario</c> (a fixed sequence) or <c>check</c>.</param>
public sealed record CaseInfo(string Name, string Summary, IReadOnlyList<string> Requirements, string Kind)
{
    /// <summary>Runs only with the test clock. False by default.</summary>
    public bool NeedsTestClock { get; init; }

    /// <summary>Runs only with the real clock. False by default.</summary>
    public bool NeedsRealClock { get; init; }

    /// <summary>Needs <see cref="Target.TargetOptions.Shutdown"/>; runs last, since it stops the target. False by default.</summary>
    public bool NeedsShutdown { get; init; }

    /// <summary>
    /// Needs a cluster target (several nodes) with <see cref="Target.TargetOptions.StopNode"/>;
    /// runs last but for the shutdown case, since it stops a node for good. False by default.
    /// </summary>
    public bool NeedsNodeStop { get; init; }
}
