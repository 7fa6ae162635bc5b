namespace Tessera.Grpc.Internal;

/// <summary>Why a server call's token fired.</summary>
internal enum CallCancelReason
{
    None = 0,
    ClientAborted = 1,
    Deadline = 2,
    ServerShutdown = 3,
}
