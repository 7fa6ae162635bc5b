using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Tessera.Tokens;

/// <summary>
/// Ed25519 (RFC 8032) for the JWS algorithm <c>EdDSA</c> (RFC 8037), taken
/// from the platform's OpenSSL (1.1.1 or 3.x).
/// </summary>
/// <remarks>
/// Why this exists: .NET 10 has no public Ed25519 type, and
/// Microsoft.IdentityModel 8.16 does not implement EdDSA either. On Linux
/// .NET's own cryptography already runs on libcrypto, so this class loads the
/// same library and calls its EVP one-shot Ed25519 functions; nothing here
/// does curve arithmetic. <see cref="Ed25519SecurityKey"/> and
/// <see cref="Ed25519SignatureProvider"/> offer it to IdentityModel through
/// <see cref="Ed25519CryptoProvider"/>. Where no suitable libcrypto can be loaded (Windows,
/// macOS without OpenSSL), <see cref="IsSupported"/> is false, and the server
/// neither loads OKP keys nor advertises <c>EdDSA</c> (TOK-3).
/// Support is decided once, by a known-answer test (RFC 8032 section 7.1,
/// test 1), so a libcrypto that loads but misbehaves counts as unsupported.
/// </remarks>
public static unsafe class Ed25519
{
    /// <summary>Size of a public key: 32 bytes.</summary>
    public const int PublicKeySize = 32;

    /// <summary>Size of a private key (the RFC 8032 seed): 32 bytes.</summary>
    public const int PrivateKeySize = 32;

    /// <summary>Size of a signature: 64 bytes.</summary>
    public const int SignatureSize = 64;

    // NID_ED25519 == EVP_PKEY_ED25519 in every OpenSSL that has Ed25519.
    private const int EvpPkeyEd25519 = 1087;

    private static readonly string[] LibraryNames =
    [
        "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so",
        "libcrypto.3.dylib", "libcrypto.1.1.dylib",
        "libcrypto-3-x64.dll", "libcrypto-1_1-x64.dll",
    ];

    private static readonly delegate* unmanaged<int, nint, byte*, nuint, nint> s_newRawPublicKey;
    private static readonly delegate* unmanaged<int, nint, byte*, nuint, nint> s_newRawPrivateKey;
    private static readonly delegate* unmanaged<nint, byte*, nuint*, int> s_getRawPublicKey;
    private static readonly delegate* unmanaged<nint, void> s_freeKey;
    private static readonly delegate* unmanaged<nint> s_newDigestContext;
    private static readonly delegate* unmanaged<nint, void> s_freeDigestContext;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> s_digestSignInit;
    private static readonly delegate* unmanaged<nint, byte*, nuint*, byte*, nuint, int> s_digestSign;
    private static readonly delegate* unmanaged<nint, nint, nint, nint, nint, int> s_digestVerifyInit;
    private static readonly delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int> s_digestVerify;
    private static readonly delegate* unmanaged<void> s_clearErrors;

    static Ed25519()
    {
        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(Ed25519).Assembly, null, out var library))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(library, "EVP_PKEY_new_raw_public_key", out var newRawPublicKey)
                && NativeLibrary.TryGetExport(library, "EVP_PKEY_new_raw_private_key", out var newRawPrivateKey)
                && NativeLibrary.TryGetExport(library, "EVP_PKEY_get_raw_public_key", out var getRawPublicKey)
                && NativeLibrary.TryGetExport(library, "EVP_PKEY_free", out var freeKey)
                && NativeLibrary.TryGetExport(library, "EVP_MD_CTX_new", out var newDigestContext)
                && NativeLibrary.TryGetExport(library, "EVP_MD_CTX_free", out var freeDigestContext)
                && NativeLibrary.TryGetExport(library, "EVP_DigestSignInit", out var digestSignInit)
                && NativeLibrary.TryGetExport(library, "EVP_DigestSign", out var digestSign)
                && NativeLibrary.TryGetExport(library, "EVP_DigestVerifyInit", out var digestVerifyInit)
                && NativeLibrary.TryGetExport(library, "EVP_DigestVerify", out var digestVerify)
                && NativeLibrary.TryGetExport(library, "ERR_clear_error", out var clearErrors))
            {
                s_newRawPublicKey = (delegate* unmanaged<int, nint, byte*, nuint, nint>)newRawPublicKey;
                s_newRawPrivateKey = (delegate* unmanaged<int, nint, byte*, nuint, nint>)newRawPrivateKey;
                s_getRawPublicKey = (delegate* unmanaged<nint, byte*, nuint*, int>)getRawPublicKey;
                s_freeKey = (delegate* unmanaged<nint, void>)freeKey;
                s_newDigestContext = (delegate* unmanaged<nint>)newDigestContext;
                s_freeDigestContext = (delegate* unmanaged<nint, void>)freeDigestContext;
                s_digestSignInit = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)digestSignInit;
                s_digestSign = (delegate* unmanaged<nint, byte*, nuint*, byte*, nuint, int>)digestSign;
                s_digestVerifyInit = (delegate* unmanaged<nint, nint, nint, nint, nint, int>)digestVerifyInit;
                s_digestVerify = (delegate* unmanaged<nint, byte*, nuint, byte*, nuint, int>)digestVerify;
                s_clearErrors = (delegate* unmanaged<void>)clearErrors;
                IsSupported = PassesKnownAnswerTest();
                return;
            }

            // A libcrypto without the EVP raw-key API (before 1.1.1) is useless
            // here; the handle stays loaded, which is harmless.
        }
    }

    /// <summary>
    /// True when Ed25519 signing and verification work on this platform.
    /// When false every other member throws <see cref="PlatformNotSupportedException"/>.
    /// </summary>
    public static bool IsSupported { get; }

    /// <summary>A new private key: 32 bytes from the CSPRNG (any 32 bytes are a valid seed).</summary>
    public static byte[] GeneratePrivateKey()
    {
        ThrowIfUnsupported();
        return RandomNumberGenerator.GetBytes(PrivateKeySize);
    }

    /// <summary>The 32-byte public key of a 32-byte private key.</summary>
    public static byte[] GetPublicKey(ReadOnlySpan<byte> privateKey)
    {
        ThrowIfUnsupported();
        CheckLength(privateKey, PrivateKeySize, nameof(privateKey));
        return GetPublicKeyCore(privateKey);
    }

    private static byte[] GetPublicKeyCore(ReadOnlySpan<byte> privateKey)
    {
        var key = NewPrivateKey(privateKey);
        try
        {
            var publicKey = new byte[PublicKeySize];
            nuint length = PublicKeySize;
            fixed (byte* output = publicKey)
            {
                if (s_getRawPublicKey(key, output, &length) != 1 || length != PublicKeySize)
                {
                    throw Failure("EVP_PKEY_get_raw_public_key");
                }
            }

            return publicKey;
        }
        finally
        {
            s_freeKey(key);
        }
    }

    /// <summary>Signs <paramref name="data"/> (pure Ed25519, no prehash): a 64-byte signature.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data)
    {
        ThrowIfUnsupported();
        CheckLength(privateKey, PrivateKeySize, nameof(privateKey));
        var signature = new byte[SignatureSize];
        if (!TrySign(privateKey, data, signature))
        {
            throw Failure("EVP_DigestSign");
        }

        return signature;
    }

    /// <summary>
    /// True when <paramref name="signature"/> is a valid Ed25519 signature of
    /// <paramref name="data"/> under <paramref name="publicKey"/>. Wrong sizes
    /// and keys that are not curve points give false, never an exception.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ThrowIfUnsupported();
        return VerifyCore(publicKey, data, signature);
    }

    private static bool VerifyCore(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        nint key;
        fixed (byte* keyBytes = publicKey)
        {
            key = s_newRawPublicKey(EvpPkeyEd25519, 0, keyBytes, PublicKeySize);
        }

        if (key == 0)
        {
            s_clearErrors();
            return false;
        }

        var context = s_newDigestContext();
        try
        {
            if (context == 0 || s_digestVerifyInit(context, 0, 0, 0, key) != 1)
            {
                s_clearErrors();
                return false;
            }

            // OpenSSL wants a non-null pointer even for an empty message.
            byte empty = 0;
            fixed (byte* signatureBytes = signature)
            fixed (byte* dataBytes = data)
            {
                var result = s_digestVerify(context, signatureBytes, SignatureSize, data.IsEmpty ? &empty : dataBytes, (nuint)data.Length);
                if (result != 1)
                {
                    // Leave no error behind for .NET's own OpenSSL calls on this thread.
                    s_clearErrors();
                    return false;
                }

                return true;
            }
        }
        finally
        {
            if (context != 0)
            {
                s_freeDigestContext(context);
            }

            s_freeKey(key);
        }
    }

    private static bool TrySign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        var key = NewPrivateKey(privateKey);
        var context = s_newDigestContext();
        try
        {
            if (context == 0 || s_digestSignInit(context, 0, 0, 0, key) != 1)
            {
                return false;
            }

            byte empty = 0;
            nuint length = SignatureSize;
            fixed (byte* signatureBytes = signature)
            fixed (byte* dataBytes = data)
            {
                return s_digestSign(context, signatureBytes, &length, data.IsEmpty ? &empty : dataBytes, (nuint)data.Length) == 1
                    && length == SignatureSize;
            }
        }
        finally
        {
            if (context != 0)
            {
                s_freeDigestContext(context);
            }

            s_freeKey(key);
            s_clearErrors();
        }
    }

    private static nint NewPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        nint key;
        fixed (byte* keyBytes = privateKey)
        {
            key = s_newRawPrivateKey(EvpPkeyEd25519, 0, keyBytes, PrivateKeySize);
        }

        return key != 0 ? key : throw Failure("EVP_PKEY_new_raw_private_key");
    }

    private static bool PassesKnownAnswerTest()
    {
        // RFC 8032 section 7.1, TEST 1 (empty message).
        ReadOnlySpan<byte> secret = [
            0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
            0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60];
        ReadOnlySpan<byte> expectedPublic = [
            0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
            0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a];
        ReadOnlySpan<byte> expectedSignature = [
            0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
            0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
            0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
            0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b];
        try
        {
            Span<byte> signature = stackalloc byte[SignatureSize];
            if (!GetPublicKeyCore(secret).AsSpan().SequenceEqual(expectedPublic)
                || !TrySign(secret, [], signature)
                || !signature.SequenceEqual(expectedSignature))
            {
                return false;
            }

            Span<byte> tampered = stackalloc byte[SignatureSize];
            expectedSignature.CopyTo(tampered);
            tampered[0] ^= 1;
            return VerifyCore(expectedPublic, [], expectedSignature) && !VerifyCore(expectedPublic, [], tampered);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void ThrowIfUnsupported()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException(
                "Ed25519 (JWS alg EdDSA) needs OpenSSL 1.1.1 or later (libcrypto), which could not be loaded on this platform.");
        }
    }

    private static void CheckLength(ReadOnlySpan<byte> value, int expected, string name)
    {
        if (value.Length != expected)
        {
            throw new ArgumentException($"An Ed25519 key is {expected} bytes; got {value.Length}.", name);
        }
    }

    private static CryptographicException Failure(string function)
    {
        s_clearErrors();
        return new CryptographicException($"OpenSSL {function} failed for an Ed25519 key.");
    }
}
