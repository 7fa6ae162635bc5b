namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-3 scenario: what made the client ask for a token, and how the backend failed.</summary>
internal sealed record ProviderFailureCase(bool Reactive, bool EmptyToken)
{
    public override string ToString() =>
        $"{(Reactive ? "a call refused with TOKEN_EXPIRED" : "the proactive refresh")} asks the provider, which {(EmptyToken ? "returns an empty token" : "fails")}";
}
