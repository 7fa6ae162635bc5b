using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tessera.Server.Sessions;

/// <summary>
/// Session ids (SES-2): 16 bytes (128 bits) from the OS CSPRNG, base64url without
/// padding (22 characters). Opaque; never derived from anything guessable.
/// </summary>
internal static class SessionIdGenerator
{
    /// <summary>Random bytes per id: 16.</summary>
    public const int ByteLength = 16;

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
