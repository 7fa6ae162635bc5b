namespace Tessera.Bench.Cli;

/// <summary><c>watchers</c>' command line: where the two servers are and how to mint tokens for the first.</summary>
internal sealed record WatchersOptions(string Address, string Plain, string Issuer, string KeyId, string Secret);
