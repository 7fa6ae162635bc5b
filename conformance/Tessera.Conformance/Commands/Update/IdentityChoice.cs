namespace Tessera.Conformance.Commands;

/// <summary>Whose token an update carries, relative to the session (UPD-2).</summary>
internal enum IdentityChoice
{
    Same,
    OtherUser,
    OtherIssuer,
}
