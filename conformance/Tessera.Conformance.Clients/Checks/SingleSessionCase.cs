namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-4 scenario: what the app asks for, in order.</summary>
internal sealed record SingleSessionCase(IReadOnlyList<SessionOp> Ops)
{
    public override string ToString() => string.Join(", ", Ops);
}
