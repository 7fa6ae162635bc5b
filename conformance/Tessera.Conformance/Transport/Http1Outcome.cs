namespace Tessera.Conformance.Transport;

/// <summary>What an HTTP/1.1 request got (TRN-1), and whether that is a clear refusal.</summary>
/// <param name="Refused">True for an HTTP/1.x error status, a refused handshake or a closed connection.</param>
/// <param name="Description">What happened, in one line.</param>
internal sealed record Http1Outcome(bool Refused, string Description);
