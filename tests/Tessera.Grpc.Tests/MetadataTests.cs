using System.Net.Http.Headers;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Tessera.Grpc.Internal;
using Tessera.Grpc.Tests.Infrastructure;

namespace Tessera.Grpc.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Add_UppercaseKey_IsLowercased()
    {
        var metadata = new Metadata { { "X-Custom", "v" } };

        Assert.Equal("x-custom", metadata[0].Key);
        Assert.Equal("v", metadata.GetValue("X-CUSTOM"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData(":path")]
    [InlineData("ke/y")]
    [InlineData("caf\u00e9")]
    public void Add_KeyOutsideGrammar_Throws(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => new Metadata().Add(key, "v"));
    }

    [Fact]
    public void Add_StringValueOnBinaryKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-bin", "v"));
    }

    [Fact]
    public void Add_BytesOnAsciiKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-ascii", [1, 2]));
    }

    [Fact]
    public void Add_NonPrintableValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-ascii", "line\nbreak"));
    }

    [Fact]
    public void GetBytes_SeveralEntries_ReturnsTheLast()
    {
        var metadata = new Metadata { { "x-bin", new byte[] { 1 } }, { "x-bin", new byte[] { 2 } } };

        Assert.Equal([2], metadata.GetBytes("x-bin"));
        Assert.Equal(2, metadata.GetAll("x-bin").Count);
        Assert.Null(metadata.GetValue("x-bin"));
    }

    [Fact]
    public void WriteTo_BinaryValue_IsUnpaddedBase64AndReservedKeysAreDropped()
    {
        var metadata = new Metadata { { "x-bin", new byte[] { 0xFF } }, { "grpc-status", "0" }, { "te", "trailers" }, { "content-type", "text/plain" } };
        var headers = new HeaderDictionary();

        MetadataWire.WriteTo(metadata, headers);

        Assert.Equal("/w", headers["x-bin"].ToString());
        Assert.Single(headers);
    }

    [Fact]
    public void FromRequestHeaders_BinaryValuesPaddedUnpaddedOrJoined_AreAllDecoded()
    {
        var headers = new HeaderDictionary
        {
            ["x-bin"] = new[] { "/w==", "/w", "AQI, AwQ=" },
            ["grpc-timeout"] = "1S",
            ["content-type"] = "application/grpc",
            ["x-ascii"] = "value",
        };

        var metadata = MetadataWire.FromRequestHeaders(headers);

        Assert.Equal(
            [[0xFF], [0xFF], [1, 2], [3, 4]],
            metadata.GetAll("x-bin").Select(e => e.ValueBytes).ToArray());
        Assert.Equal("value", metadata.GetValue("x-ascii"));
        Assert.Equal(5, metadata.Count);
    }

    [Fact]
    public void BinaryWireValue_ArbitraryBytes_RoundTrips()
    {
        Properties.Check(Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            bytes ??= [];
            var wire = MetadataWire.EncodeBinary(bytes);
            return !wire.EndsWith('=')
                && MetadataWire.TryDecodeBinary(wire, out var unpadded) && unpadded.SequenceEqual(bytes)
                && MetadataWire.TryDecodeBinary(Convert.ToBase64String(bytes), out var padded) && padded.SequenceEqual(bytes);
        }), maxTest: 300);
    }

    [Fact]
    public void FromHttpHeaders_ReservedAndPseudoNames_AreFiltered()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-status", "0");
        response.Headers.TryAddWithoutValidation("grpc-message", "x");
        response.Headers.TryAddWithoutValidation("x-kept", "1");

        var metadata = MetadataWire.FromHttpHeaders(response.Headers);

        Assert.Equal(["x-kept"], metadata.Select(e => e.Key).ToArray());
    }
}
