namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-6 scenario: drops, updates and reconnects in order (a final reconnect is implied).</summary>
internal sealed record ResumeCase(IReadOnlyList<ResumeStep> Steps)
{
    public override string ToString() => string.Join(", ", Steps);
}
