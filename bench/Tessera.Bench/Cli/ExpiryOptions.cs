namespace Tessera.Bench.Cli;

/// <summary><c>expiry</c>'s command line; spread and lead in seconds.</summary>
internal sealed record ExpiryOptions(int Sessions, double Spread, double Lead);
