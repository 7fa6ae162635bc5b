using System.IO.Pipelines;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Tessera.Grpc.Internal;
using Tessera.Grpc.Tests.Infrastructure;
using Tessera.Test.V1;

namespace Tessera.Grpc.Tests.Internal;

/// <summary>The length-prefixed framing parser, fed through a real pipe.</summary>
public sealed class LengthPrefixedMessageReaderTests
{
    private const int Limit = 1024;

    private static Gen<EchoRequest> Requests() =>
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)
            .Zip(Gen.Choose(0, 300))
            .Select(t => new EchoRequest
            {
                Message = t.Item1,
                Payload = ByteString.CopyFrom(Enumerable.Range(0, t.Item2).Select(i => (byte)i).ToArray()),
                Count = t.Item2,
            });

    [Fact]
    public void ReadAsync_ValidStreamSplitAnywhere_DecodesSameMessages()
    {
        var cases = Requests().ListOf().Select(l => l.ToArray())
            .SelectMany(messages => Gen.Choose(1, 64).ArrayOf().Select(chunks => (messages, chunks)))
            .ToArbitrary();
        Properties.Check(Prop.ForAll(cases, c =>
        {
            var body = Frames.Concat(c.messages.Select(Frames.Message).ToArray());
            var decoded = ReadAllAsync(body, c.chunks).GetAwaiter().GetResult();
            return decoded.SequenceEqual(c.messages);
        }), maxTest: 300);
    }

    [Fact]
    public void ReadAsync_StreamCutInsideAFrame_IsInternalTruncated()
    {
        var cases = Requests().NonEmptyListOf().Select(l => l.ToArray())
            .SelectMany(messages =>
            {
                var body = Frames.Concat(messages.Select(Frames.Message).ToArray());
                var boundaries = new HashSet<int> { 0 };
                var offset = 0;
                foreach (var m in messages)
                {
                    offset += 5 + m.CalculateSize();
                    boundaries.Add(offset);
                }
                return Gen.Choose(1, body.Length - 1).Where(cut => !boundaries.Contains(cut)).Select(cut => body[..cut]);
            })
            .ToArbitrary();
        Properties.Check(Prop.ForAll(cases, cutBody =>
        {
            var ex = Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(cutBody, [7])).GetAwaiter().GetResult();
            return ex.StatusCode == StatusCode.Internal && ReasonOf(ex) == TransportErrorReason.TruncatedMessage;
        }), maxTest: 300);
    }

    [Fact]
    public async Task ReadAsync_LengthOverLimit_IsResourceExhaustedBeforeThePayloadArrives()
    {
        // Only the prefix is sent: the reader must not wait for (or buffer) the payload.
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Frames.Frame(0, Limit + 1, []), [5], complete: false));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MessageTooLarge, ReasonOf(ex));
    }

    [Fact]
    public async Task ReadAsync_LengthAtLimit_IsAccepted()
    {
        var message = new EchoRequest { Payload = ByteString.CopyFrom(new byte[Limit - 3]) };
        Assert.Equal(Limit, message.CalculateSize());

        var decoded = await ReadAllAsync(Frames.Message(message), [4096]);

        Assert.Equal([message], decoded);
    }

    [Theory]
    [InlineData(1, TransportErrorReason.CompressedWithoutEncoding)]
    [InlineData(2, TransportErrorReason.MalformedFrame)]
    [InlineData(255, TransportErrorReason.MalformedFrame)]
    public async Task ReadAsync_NonZeroCompressedFlag_IsInternal(byte flag, string reason)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Frames.Frame(flag, 2, [0x08, 0x01]), [64]));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(reason, ReasonOf(ex));
    }

    [Fact]
    public async Task ReadAsync_PayloadThatIsNotProtobuf_IsInternalMalformed()
    {
        // Field 1 with wire type 7, which does not exist.
        var ex = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(Frames.Frame([0x0F, 0x01]), [64]));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Equal(TransportErrorReason.MalformedMessage, ReasonOf(ex));
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_EndsCleanly()
    {
        Assert.Empty(await ReadAllAsync([], [1]));
    }

    [Fact]
    public async Task ReadAsync_ZeroLengthMessage_IsTheDefaultMessage()
    {
        Assert.Equal([new EchoRequest()], await ReadAllAsync(Frames.Frame([]), [1]));
    }

    private static string? ReasonOf(RpcException ex) => ErrorDetails.ReasonOf(ex.Status);

    /// <summary>Writes <paramref name="body"/> in chunks of the given sizes (cycled), flushing each, while reading.</summary>
    private static async Task<List<EchoRequest>> ReadAllAsync(byte[] body, int[] chunkSizes, bool complete = true)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var writing = Task.Run(async () =>
        {
            var offset = 0;
            var i = 0;
            while (offset < body.Length)
            {
                var size = Math.Min(chunkSizes.Length == 0 ? body.Length : Math.Max(1, chunkSizes[i++ % chunkSizes.Length]), body.Length - offset);
                await pipe.Writer.WriteAsync(body.AsMemory(offset, size));
                offset += size;
            }
            if (complete)
            {
                await pipe.Writer.CompleteAsync();
            }
        });
        var reader = new LengthPrefixedMessageReader<EchoRequest>(pipe.Reader, EchoRequest.Parser, Limit, "test", "request");
        var messages = new List<EchoRequest>();
        try
        {
            while (await reader.ReadAsync(CancellationToken.None) is { } message)
            {
                messages.Add(message);
            }
        }
        finally
        {
            await writing;
        }
        return messages;
    }
}
