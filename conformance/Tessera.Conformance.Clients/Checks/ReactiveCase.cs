namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-2 scenario: how many calls meet the expired token, and whether the backend takes its time.</summary>
internal sealed record ReactiveCase(int Calls, bool SlowBackend)
{
    public override string ToString() => $"{Calls} concurrent get(s) on an expired session, {(SlowBackend ? "backend answers once every call was refused" : "backend answers at once")}";
}
