namespace Tessera.Grpc.Internal;

/// <summary>What the public call objects need from a running call, whatever its message types.</summary>
internal interface IGrpcCallState : IDisposable
{
    Task<Metadata> ResponseHeadersAsync { get; }

    Status GetStatus();

    Metadata GetTrailers();
}
