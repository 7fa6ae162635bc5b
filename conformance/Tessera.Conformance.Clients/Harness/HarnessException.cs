namespace Tessera.Conformance.Clients.Harness;

/// <summary>The client under test broke the harness contract: no answer in time, a malformed line, an early exit.</summary>
public sealed class HarnessException : Exception
{
    public HarnessException(string message)
        : base(message)
    {
    }
}
