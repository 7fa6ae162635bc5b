namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-4 step: the app starts a session for user <see cref="User"/> (0 to 2), or ends the session.</summary>
internal sealed record SessionOp(bool Start, int User)
{
    public override string ToString() => Start ? $"start(user {User})" : "end";
}
