namespace Tessera.Conformance;

/// <summary>
/// One check inside a case that did not run against this target, and why:
/// a token attack that needs the exact test clock on a real-clock run, or a
/// key the target does not have. It is reported as skipped, never counted as
/// passed; a case whose every check was skipped is itself skipped.
/// </summary>
/// <param name="Name">The check: the attack's catalog name, <c>tok-12/expired-at-boundary</c>.</param>
/// <param name="Reason">Why it did not run: "needs the exact test clock".</param>
public sealed record SkippedCheck(string Name, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Reason}";
}
