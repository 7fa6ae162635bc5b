using System.Buffers.Text;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tessera.Grpc.Internal;

/// <summary>
/// Moves <see cref="Metadata"/> to and from HTTP header collections
/// (PROTOCOL-HTTP2.md, Custom-Metadata): reserved names are skipped both ways;
/// binary values are base64, sent unpadded, accepted padded or not, and
/// split on "," first because duplicate headers may arrive joined.
/// </summary>
internal static class MetadataWire
{
    public static Metadata FromRequestHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            AddReceived(metadata, header.Key, header.Value);
        }
        return metadata;
    }

    public static Metadata FromHttpHeaders(HttpHeaders headers, HttpHeaders? moreHeaders = null)
    {
        var metadata = new Metadata();
        AddReceived(metadata, headers);
        if (moreHeaders is not null)
        {
            AddReceived(metadata, moreHeaders);
        }
        return metadata;
    }

    public static void AddReceived(Metadata metadata, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                AddReceived(metadata, header.Key, value);
            }
        }
    }

    public static void AddReceived(Metadata metadata, string name, StringValues values)
    {
        if (Metadata.IsReservedKey(name))
        {
            return;
        }
        var key = name.ToLowerInvariant();
        var binary = Metadata.IsBinaryKey(key);
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }
            if (!binary)
            {
                metadata.AddReceived(Metadata.Entry.FromWire(key, value, null));
                continue;
            }
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (TryDecodeBinary(part, out var bytes))
                {
                    metadata.AddReceived(Metadata.Entry.FromWire(key, null, bytes));
                }
            }
        }
    }

    /// <summary>Writes the entries that are not reserved into response headers (server).</summary>
    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            if (!Metadata.IsReservedKey(entry.Key))
            {
                headers.Append(entry.Key, ToWireValue(entry));
            }
        }
    }

    /// <summary>Writes the entries that are not reserved as response trailers (server).</summary>
    public static void AppendTrailers(Metadata metadata, HttpResponse response)
    {
        foreach (var entry in metadata)
        {
            if (!Metadata.IsReservedKey(entry.Key))
            {
                response.AppendTrailer(entry.Key, ToWireValue(entry));
            }
        }
    }

    /// <summary>Writes the entries that are not reserved into request headers (client).</summary>
    public static void WriteTo(Metadata metadata, HttpRequestHeaders headers)
    {
        foreach (var entry in metadata)
        {
            if (!Metadata.IsReservedKey(entry.Key))
            {
                headers.TryAddWithoutValidation(entry.Key, ToWireValue(entry));
            }
        }
    }

    public static string ToWireValue(Metadata.Entry entry) =>
        entry.IsBinary ? EncodeBinary(entry.ValueBytes) : entry.Value;

    /// <summary>Base64 without padding, as the protocol asks senders to emit.</summary>
    public static string EncodeBinary(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Decodes standard base64 with or without padding.</summary>
    public static bool TryDecodeBinary(string value, out byte[] bytes)
    {
        var trimmed = value.AsSpan().TrimEnd('=');
        var padded = (trimmed.Length % 4) switch
        {
            0 => trimmed.ToString(),
            2 => string.Concat(trimmed, "=="),
            3 => string.Concat(trimmed, "="),
            _ => null,
        };
        bytes = [];
        if (padded is null)
        {
            return false;
        }
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }
        bytes = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
