using System.Collections;

namespace Tessera.Grpc;

/// <summary>
/// Custom metadata: request headers, response headers or trailers. Keys are
/// lowercased and limited to <c>0-9 a-z _ - .</c>; a key ending in
/// <c>-bin</c> holds bytes (base64 on the wire, sent unpadded, accepted padded
/// or not); any other key holds printable ASCII. Keys the protocol reserves
/// (<c>grpc-*</c>, <c>content-type</c>, <c>content-length</c>, <c>te</c> and
/// pseudo-headers) are dropped when sent and never appear when received.
/// </summary>
public sealed partial class Metadata : IEnumerable<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary key.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The entry at <paramref name="index"/>, in insertion order.</summary>
    public Entry this[int index] => _entries[index];

    /// <summary>Adds an ASCII entry. Throws <see cref="ArgumentException"/> for a binary key, a bad key or a non-printable value.</summary>
    public void Add(string key, string value) => _entries.Add(new Entry(key, value));

    /// <summary>Adds a binary entry. Throws <see cref="ArgumentException"/> unless the key ends in <c>-bin</c>.</summary>
    public void Add(string key, byte[] value) => _entries.Add(new Entry(key, value));

    /// <summary>Adds an entry.</summary>
    public void Add(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
    }

    /// <summary>The last entry with this key (case-insensitive), or null.</summary>
    public Entry? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }
        return null;
    }

    /// <summary>The value of the last ASCII entry with this key, or null.</summary>
    public string? GetValue(string key)
    {
        var entry = Get(key);
        return entry is { IsBinary: false } ? entry.Value : null;
    }

    /// <summary>The bytes of the last binary entry with this key, or null.</summary>
    public byte[]? GetBytes(string key)
    {
        var entry = Get(key);
        return entry is { IsBinary: true } ? entry.ValueBytes : null;
    }

    /// <summary>Every entry with this key, in order.</summary>
    public IReadOnlyList<Entry> GetAll(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var found = new List<Entry>();
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(entry);
            }
        }
        return found;
    }

    /// <summary>Removes every entry with this key; returns how many were removed.</summary>
    public int RemoveAll(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _entries.RemoveAll(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Whether the protocol reserves this header name, so it is never carried
    /// as custom metadata: pseudo-headers, <c>grpc-*</c>, <c>content-type</c>,
    /// <c>content-length</c> and <c>te</c>.
    /// </summary>
    public static bool IsReservedKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(':')
            || key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase)
            || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
            || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
            || key.Equals("te", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a key names a binary value (ends in <c>-bin</c>).</summary>
    public static bool IsBinaryKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.EndsWith(BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Adds an entry received from the wire without re-validating it (peers may send any HTTP field-value).</summary>
    internal void AddReceived(Entry entry) => _entries.Add(entry);
}
