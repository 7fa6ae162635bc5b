namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-1 scenario: token lifetime, declared refresh margin, and how far the client's clock is from the server's.</summary>
internal sealed record RefreshCase(int LifetimeSeconds, int MarginSeconds, int SkewSeconds)
{
    public override string ToString() => $"token lifetime {LifetimeSeconds} s, refresh margin {MarginSeconds} s, client clock {SkewSeconds:+0;-0;0} s from the server's";
}
