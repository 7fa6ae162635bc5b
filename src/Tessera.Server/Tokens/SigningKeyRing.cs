using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text;

namespace Tessera.Server.Tokens;

/// <summary>
/// Every key the server verifies tokens with, built once from configuration:
/// HMAC shared secrets and the public keys of a JWKS file. Selection is by
/// exact <c>kid</c> from this in-memory table and nothing else: a kid is never
/// a path, URL or query (TOK-4).
/// </summary>
internal sealed class SigningKeyRing
{
    /// <summary>The longest key id a configured key may have: 256 characters.</summary>
    public const int MaxKeyIdLength = 256;

    private readonly Dictionary<string, SigningKey> _byKeyId;
    private readonly Dictionary<string, SigningKey>.AlternateLookup<ReadOnlySpan<char>> _byKeyIdSpan;

    // Per algorithm (by bit index): the one key that allows it, or null when
    // none or several do. A kid-less token may use only that key (TOK-4).
    private readonly SigningKey?[] _onlyKeyFor;

    private SigningKeyRing(IReadOnlyList<SigningKey> keys)
    {
        _byKeyId = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        var counts = new int[JwsAlgorithmNames.All.Length];
        _onlyKeyFor = new SigningKey?[counts.Length];
        var accepted = JwsAlgorithm.None;
        foreach (var key in keys)
        {
            if (key.KeyId is not null)
            {
                _byKeyId.Add(key.KeyId, key);
            }

            accepted |= key.Allowed;
            foreach (var algorithm in JwsAlgorithmNames.All)
            {
                if ((key.Allowed & algorithm) != 0)
                {
                    var index = IndexOf(algorithm);
                    counts[index]++;
                    _onlyKeyFor[index] = counts[index] == 1 ? key : null;
                }
            }
        }

        _byKeyIdSpan = _byKeyId.GetAlternateLookup<ReadOnlySpan<char>>();
        Keys = keys;
        Accepted = accepted;
        AcceptedAlgorithms = JwsAlgorithmNames.NamesOf(accepted);
        KeyIds = [.. _byKeyId.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The union of the algorithms the keys allow, in the order HS256, HS384,
    /// HS512, RS256, PS256, ES256, EdDSA: GetServerInfo.accepted_algorithms (TOK-3).
    /// </summary>
    public IReadOnlyList<string> AcceptedAlgorithms { get; }

    /// <summary>The configured key ids, sorted (ordinal); keys without a kid are not listed.</summary>
    public IReadOnlyList<string> KeyIds { get; }

    /// <summary>The number of keys, with or without a kid.</summary>
    public int Count => Keys.Count;

    internal IReadOnlyList<SigningKey> Keys { get; }

    internal JwsAlgorithm Accepted { get; }

    /// <summary>
    /// The keys of <paramref name="options"/>: its shared secrets and the JWKS
    /// file at <see cref="TokenValidationOptions.JwksPath"/>, if set.
    /// </summary>
    /// <exception cref="TokenConfigurationException">Lists every unusable secret or key, or why the file cannot be read.</exception>
    public static SigningKeyRing FromOptions(TokenValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? jwks = null;
        if (!string.IsNullOrEmpty(options.JwksPath))
        {
            try
            {
                jwks = File.ReadAllText(options.JwksPath);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new TokenConfigurationException(
                    $"JwksPath: the JWKS file '{options.JwksPath}' cannot be read: {exception.Message}", exception);
            }
        }

        return Create(options.SharedSecrets ?? [], jwks, $"JWKS file '{options.JwksPath}'");
    }

    /// <summary>
    /// Keys from shared secrets and, optionally, the text of a JWKS document.
    /// </summary>
    /// <param name="sharedSecrets">HMAC secrets; may be empty.</param>
    /// <param name="jwksJson">A JWK Set, or null for none.</param>
    /// <param name="jwksSource">How messages name the JWKS ("JWKS file '/etc/keys.json'").</param>
    /// <exception cref="TokenConfigurationException">Lists every unusable secret or key.</exception>
    public static SigningKeyRing Create(IEnumerable<SharedSecretOptions> sharedSecrets, string? jwksJson = null, string jwksSource = "JWKS")
    {
        ArgumentNullException.ThrowIfNull(sharedSecrets);
        var problems = new List<string>();
        var keys = new List<SigningKey>();
        var index = 0;
        foreach (var secret in sharedSecrets)
        {
            var key = ReadSharedSecret(secret, $"SharedSecrets[{index}]", problems);
            if (key is not null)
            {
                keys.Add(key);
            }

            index++;
        }

        if (jwksJson is not null)
        {
            keys.AddRange(JwksReader.Read(jwksJson, jwksSource, problems));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.KeyId is not null && !seen.Add(key.KeyId))
            {
                problems.Add($"Key id '{key.KeyId}' is used by more than one key; each kid must select exactly one key (TOK-4).");
            }
        }

        if (keys.Count == 0 && problems.Count == 0)
        {
            problems.Add("No signing keys are configured (TOK-3).");
        }

        return problems.Count > 0 ? throw new TokenConfigurationException(problems) : new SigningKeyRing(keys);
    }

    internal bool TryGetKey(ReadOnlySpan<char> keyId, [NotNullWhen(true)] out SigningKey? key) =>
        _byKeyIdSpan.TryGetValue(keyId, out key);

    internal SigningKey? OnlyKeyFor(JwsAlgorithm algorithm) => _onlyKeyFor[IndexOf(algorithm)];

    private static int IndexOf(JwsAlgorithm algorithm) => BitOperations.TrailingZeroCount((uint)algorithm);

    private static SigningKey? ReadSharedSecret(SharedSecretOptions? options, string name, List<string> problems)
    {
        if (options is null)
        {
            problems.Add($"{name} is empty.");
            return null;
        }

        if (options.KeyId is not null)
        {
            name += $" (kid '{options.KeyId}')";
            if (options.KeyId.Length > MaxKeyIdLength)
            {
                problems.Add($"{name}: KeyId is {options.KeyId.Length} characters; at most {MaxKeyIdLength} are allowed.");
                return null;
            }
        }

        var allowed = JwsAlgorithm.None;
        foreach (var algorithmName in options.Algorithms is { Count: > 0 } list ? list : [Tessera.Tokens.JwsAlgorithms.HS256])
        {
            var algorithm = JwsAlgorithmNames.Parse(algorithmName ?? "");
            if ((algorithm & JwsAlgorithm.Hmac) == 0)
            {
                problems.Add($"{name}: '{algorithmName}' is not an HMAC algorithm; a shared secret may allow HS256, HS384 and HS512 only (TOK-3).");
                return null;
            }

            allowed |= algorithm;
        }

        var secret = DecodeSecret(options.Secret ?? "", options.Encoding);
        if (secret is null || secret.Length == 0)
        {
            problems.Add(secret is null
                ? $"{name}: Secret is not valid {options.Encoding} text."
                : $"{name}: Secret is empty.");
            return null;
        }

        try
        {
            return SigningKey.SharedSecret(options.KeyId, secret, allowed);
        }
        catch (ArgumentException exception)
        {
            problems.Add($"{name}: {exception.Message.Split(" (Parameter", 2)[0]}");
            return null;
        }
    }

    internal static byte[]? DecodeSecret(string text, SecretEncoding encoding)
    {
        switch (encoding)
        {
            case SecretEncoding.Utf8:
                return Encoding.UTF8.GetBytes(text);
            case SecretEncoding.Base64:
                var trimmed = text.Trim();
                var padded = trimmed.Length % 4 == 0 ? trimmed : trimmed + new string('=', 4 - trimmed.Length % 4);
                var buffer = new byte[padded.Length];
                return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
            case SecretEncoding.Base64Url:
                try
                {
                    return Base64Url.DecodeFromChars(text.Trim());
                }
                catch (FormatException)
                {
                    return null;
                }

            default:
                return null;
        }
    }
}
