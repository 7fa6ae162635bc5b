namespace Tessera.Bench.Server;

/// <summary>What <c>serve</c> prints once both servers listen. The secret is the development key of a loopback-only run.</summary>
internal sealed record ServeReady(string Grpc, string Plain, string Issuer, string Kid, string Secret, int Pid);
