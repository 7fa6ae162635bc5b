namespace Tessera.Bench.Memory;

/// <summary>Watch streams open now, and how long the last <c>open</c> took.</summary>
internal sealed record FleetStatus(int Total, double Seconds);
