namespace Tessera.Conformance.Clients.Checks;

/// <summary>A CLI-5 scenario: what ends the session, how long the client lives on, and whether the app then asks for the session.</summary>
internal sealed record TerminalCase(TerminalCause Cause, int IdleMinutes, bool AppAsksAfter)
{
    public override string ToString() =>
        $"session ended by {Cause}, then the client's clock runs {IdleMinutes} min{(AppAsksAfter ? " and the app calls get" : string.Empty)}";
}
