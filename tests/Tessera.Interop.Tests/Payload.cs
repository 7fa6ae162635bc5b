using Google.Protobuf;

namespace Tessera.Interop.Tests;

/// <summary>
/// Payloads as every interop peer makes them: byte i is i mod 256, so content
/// is checked as well as length without sharing state (see interop.proto).
/// </summary>
internal static class Payload
{
    /// <summary>The default message limit of every stack here: 4 MiB (TRN-3).</summary>
    public const int DefaultLimit = 4 * 1024 * 1024;

    /// <summary>
    /// A payload whose message (1 tag byte + 4 length bytes + payload) is 3
    /// bytes under <see cref="DefaultLimit"/>.
    /// </summary>
    public const int AtLimit = DefaultLimit - 8;

    /// <summary>A payload whose message is over <see cref="DefaultLimit"/>.</summary>
    public const int OverLimit = DefaultLimit + 1024;

    /// <summary><paramref name="size"/> pattern bytes.</summary>
    public static ByteString Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = unchecked((byte)i);
        }
        return ByteString.CopyFrom(bytes);
    }
}
