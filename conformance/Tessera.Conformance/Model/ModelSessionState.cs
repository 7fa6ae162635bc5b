namespace Tessera.Conformance.Model;

/// <summary>The three states of SPEC.md's overview diagram.</summary>
internal enum ModelSessionState
{
    Active,
    Expired,
    Terminated,
}
