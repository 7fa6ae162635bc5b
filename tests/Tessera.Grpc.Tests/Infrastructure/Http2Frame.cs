namespace Tessera.Grpc.Tests.Infrastructure;

/// <summary>One HTTP/2 frame as read off the socket (RFC 9113 section 4.1), payload kept raw.</summary>
public sealed record Http2Frame(byte Type, byte Flags, int StreamId, byte[] Payload)
{
    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte GoAway = 0x7;
    public const byte EndStream = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Ack = 0x1;

    public bool HasEndStream => (Flags & EndStream) != 0;

    public override string ToString() => $"type={Type} flags=0x{Flags:x2} stream={StreamId} length={Payload.Length}";
}
