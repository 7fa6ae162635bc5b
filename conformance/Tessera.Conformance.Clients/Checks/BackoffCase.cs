namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-7 scenario: how long the server refuses reconnects, in client-clock time, and in what steps the clock moves.</summary>
internal sealed record BackoffCase(int RefusedForMs, int StepMs)
{
    public override string ToString() => $"reconnects refused while the client's clock runs {RefusedForMs} ms in {StepMs} ms steps";
}
