namespace Tessera.Bench.Cli;

/// <summary>
/// <c>serve</c>'s command line. <see cref="Redis"/>: host:port of the Redis store (issue 11's
/// multi-node figures), else the in-memory store; <see cref="Secret"/>: the HS256 secret
/// (base64), so several nodes accept the same tokens, else a fresh random one.
/// </summary>
internal sealed record ServeOptions(bool NoStatusCounting, double? TerminatedRetention, string? Redis = null, string? Secret = null);
