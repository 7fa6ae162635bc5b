namespace Tessera.Grpc;

/// <summary>How many messages flow each way in a call.</summary>
public enum MethodType
{
    /// <summary>One request, one response.</summary>
    Unary,

    /// <summary>A request stream, one response.</summary>
    ClientStreaming,

    /// <summary>One request, a response stream.</summary>
    ServerStreaming,

    /// <summary>A request stream and a response stream, independent of each other.</summary>
    DuplexStreaming,
}
