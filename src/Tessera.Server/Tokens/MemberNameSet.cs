using System.Buffers;
using System.Text.Json;

namespace Tessera.Server.Tokens;

/// <summary>
/// The member names of one JSON object seen so far, to refuse a name that
/// appears twice (TOK-1): <c>{"sub":"a","sub":"b"}</c> must not mean whichever
/// the parser happens to keep. Names compare after unescaping, so
/// <c>"s\u0075b"</c> is <c>"sub"</c> (RFC 8259 section 7).
/// </summary>
/// <remarks>
/// Allocation-free for ordinary tokens: each name is kept as a 64-bit FNV-1a
/// hash and the offset of its token in the JSON; only on equal hashes are the
/// two names unescaped and compared. Up to <see cref="StackCapacity"/> names
/// live in caller-provided stack memory; beyond that the tables move to
/// pooled arrays (a token carrying that many claims is unusual, not invalid).
/// </remarks>
internal ref struct MemberNameSet
{
    /// <summary>How many names the caller's stack buffers should hold.</summary>
    public const int StackCapacity = 32;

    private const int MaxStackName = 256;
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private readonly ReadOnlySpan<byte> _json;
    private Span<ulong> _hashes;
    private Span<int> _starts;
    private ulong[]? _rentedHashes;
    private int[]? _rentedStarts;
    private int _count;

    public MemberNameSet(ReadOnlySpan<byte> json, Span<ulong> hashes, Span<int> starts)
    {
        _json = json;
        _hashes = hashes;
        _starts = starts;
    }

    /// <summary>
    /// Records the property name under <paramref name="reader"/> (positioned on
    /// a PropertyName token of this object); false when it was already there.
    /// </summary>
    public bool TryAdd(ref readonly Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        var hash = Hash(in reader);
        for (var i = 0; i < _count; i++)
        {
            if (_hashes[i] == hash && SameName(_starts[i], start))
            {
                return false;
            }
        }

        if (_count == _hashes.Length)
        {
            Grow();
        }

        _hashes[_count] = hash;
        _starts[_count] = start;
        _count++;
        return true;
    }

    public void Dispose()
    {
        if (_rentedHashes is not null)
        {
            ArrayPool<ulong>.Shared.Return(_rentedHashes);
            ArrayPool<int>.Shared.Return(_rentedStarts!);
        }
    }

    private static ulong Hash(ref readonly Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Fnv(reader.ValueSpan);
        }

        byte[]? rented = null;
        var length = reader.ValueSpan.Length;
        Span<byte> buffer = length <= MaxStackName ? stackalloc byte[MaxStackName] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var written = reader.CopyString(buffer);
        var hash = Fnv(buffer[..written]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    private static ulong Fnv(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffset;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    // Both offsets point at the opening quote of a property name; a reader
    // started there reads that string as its first token.
    private readonly bool SameName(int first, int second)
    {
        var a = new Utf8JsonReader(_json[first..]);
        var b = new Utf8JsonReader(_json[second..]);
        a.Read();
        b.Read();
        if (!a.ValueIsEscaped)
        {
            return b.ValueTextEquals(a.ValueSpan);
        }

        if (!b.ValueIsEscaped)
        {
            return a.ValueTextEquals(b.ValueSpan);
        }

        return a.GetString() == b.GetString();
    }

    private void Grow()
    {
        var hashes = ArrayPool<ulong>.Shared.Rent(_hashes.Length * 2);
        var starts = ArrayPool<int>.Shared.Rent(_starts.Length * 2);
        _hashes.CopyTo(hashes);
        _starts.CopyTo(starts);
        Dispose();
        _rentedHashes = hashes;
        _rentedStarts = starts;
        _hashes = hashes;
        _starts = starts;
    }
}
